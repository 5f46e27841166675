mod jobs {
    use asyncinfo::async_operation;

    #[async_operation(output = u64)]
    pub struct Job {
        pub name: String,
    }
}

fn main() {
    let job = jobs::Job {
        name: "index".to_owned(),
        status: Default::default(),
    };
    assert!(job.cancel());
}
