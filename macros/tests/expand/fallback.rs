// Errors: an unknown option and a field with the injected name. Both are reported; the struct
// is kept as written and the whole API is emitted with stand-in bodies, so that no other
// error follows.
#[async_operation(output = u8, outptu = u16)]
pub struct Job {
    status: u8,
}
