// `timestamps`: the state's last parameter is `Timed` (the field's type names every option
// before it), and `canceled()` names it too; `times()` then answers `Some`.
#[async_operation(output = u64, timestamps)]
pub struct Job {
    pub units: u32,
}
