// Lifetimes, type and const parameters and a where clause, on a crate-visible struct.
#[async_operation(output = &'a [T; N])]
pub(crate) struct Batch<'a, T: Clone, const N: usize>
where
    T: Send + 'a,
{
    items: &'a [T],
}
