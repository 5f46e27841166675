// A plain unit struct: what every operation gets.
#[async_operation]
pub struct Job;
