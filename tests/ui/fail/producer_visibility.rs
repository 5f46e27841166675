//! `producer = …` sets who may drive the operation; consumers keep the struct's visibility.
mod a {
    pub mod b {
        use asyncinfo::async_operation;

        #[async_operation(output = u8, producer = pub(self))]
        pub struct Job;

        pub fn new() -> Job {
            let job = Job { status: Default::default() };
            job.worker().unwrap().complete(1).unwrap();
            job
        }
    }
}

fn main() {
    let job = a::b::new();
    let _ = job.results();
    let _ = job.worker();
}
