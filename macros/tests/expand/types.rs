// Output, error and progress types: `complete` takes the output, and the progress API appears.
#[async_operation(output = Vec<u8>, error = std::io::Error, progress = u64)]
pub struct Download {
    url: String,
}
