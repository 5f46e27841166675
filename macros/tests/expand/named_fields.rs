// Named fields, a derive below the attribute and doc comments: all kept, the field added last.
/// Fetches a page.
#[async_operation]
#[derive(Debug)]
pub struct Fetch {
    /// Where from.
    pub url: String,
    retries: u8,
}
