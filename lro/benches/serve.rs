//! What serving costs, side by side with a plain axum handler in the same run:
//!
//! - `GetOperation` through `rest::router`, against a handler that returns the same JSON
//!   (precomputed): one request at a time on one connection, over loopback;
//! - `WaitOperation`'s wake: from the operation's finish to the waiting client's answer.
//!
//! Run with `cargo bench -p asyncinfo-lro --bench serve`.

use std::sync::Arc;
use std::time::Duration;

use asyncinfo::async_operation;
use asyncinfo_lro::{rest, Operations};
use axum::routing::get;
use http_body_util::{BodyExt, Empty, Full};
use hyper::body::Bytes;
use hyper::Request;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::client::legacy::Client;
use hyper_util::rt::TokioExecutor;

#[async_operation(output = Vec<u32>, error = std::io::Error, progress = u32, timestamps)]
struct Job;

fn main() {
    divan::main();
}

/// A runtime, a server of `router` on 127.0.0.1 and a client: what each benchmark uses.
struct Bench {
    runtime: tokio::runtime::Runtime,
    base: String,
    client: Client<HttpConnector, Full<Bytes>>,
}

impl Bench {
    fn new(router: axum::Router) -> Self {
        // One thread runs the client and the server: no wake crosses threads, so that the
        // times are the work of each request, not the scheduler's.
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        let base = runtime.block_on(async {
            let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
            let address = listener.local_addr().unwrap();
            tokio::spawn(async move { axum::serve(listener, router).await });
            format!("http://{address}")
        });
        let client = {
            let _guard = runtime.enter();
            Client::builder(TokioExecutor::new()).build_http()
        };
        Self {
            runtime,
            base,
            client,
        }
    }

    async fn call(&self, method: hyper::Method, path: &str, body: &str) -> Bytes {
        let request = Request::builder()
            .method(method)
            .uri(format!("{}{path}", self.base))
            .body(Full::new(Bytes::from(body.to_owned())))
            .unwrap();
        let response = self.client.request(request).await.unwrap();
        assert!(response.status().is_success());
        response.into_body().collect().await.unwrap().to_bytes()
    }
}

/// A running operation with progress, in a registry of its own, and its name.
fn running() -> (Operations, Arc<Job>, String) {
    let ops = Operations::new();
    let job = Arc::new(Job {
        status: Default::default(),
    });
    job.start().unwrap();
    job.report_progress(40).unwrap();
    let name = ops.insert(job.clone());
    (ops, job, name)
}

#[divan::bench_group(
    name = "GetOperation, one connection",
    sample_count = 100,
    sample_size = 50
)]
mod get_operation {
    use super::*;

    #[divan::bench]
    fn rest_router(bencher: divan::Bencher) {
        let (ops, _job, name) = running();
        let bench = Bench::new(rest::router(ops));
        let path = format!("/v1/{name}");
        bencher.bench_local(|| {
            bench
                .runtime
                .block_on(bench.call(hyper::Method::GET, &path, ""))
        });
    }

    /// A plain axum handler returning the same JSON, made once.
    #[divan::bench]
    fn plain_axum_same_json(bencher: divan::Bencher) {
        let (ops, _job, name) = running();
        let json = {
            let bench = Bench::new(rest::router(ops));
            bench
                .runtime
                .block_on(bench.call(hyper::Method::GET, &format!("/v1/{name}"), ""))
        };
        let router = axum::Router::new().route(
            "/v1/operations/{id}",
            get(move || {
                let json = json.clone();
                async move { ([(hyper::header::CONTENT_TYPE, "application/json")], json) }
            }),
        );
        let bench = Bench::new(router);
        let path = format!("/v1/{name}");
        bencher.bench_local(|| {
            bench
                .runtime
                .block_on(bench.call(hyper::Method::GET, &path, ""))
        });
    }
}

/// From the finish of an operation a client waits on, to the client's answer. Not timed: the
/// operation's making and the wait's start, which the server has registered before the
/// iteration begins.
#[divan::bench(sample_count = 100, sample_size = 1)]
fn wait_operation_wake(bencher: divan::Bencher) {
    let ops = Operations::new();
    let bench = Arc::new(Bench::new(rest::router(ops.clone())));
    bencher
        .with_inputs(|| {
            let job = Arc::new(Job {
                status: Default::default(),
            });
            job.start().unwrap();
            let name = ops.insert(job.clone());
            let before = Arc::strong_count(&job);
            let waiting = {
                let bench = Arc::clone(&bench);
                bench.runtime.spawn({
                    let bench = Arc::clone(&bench);
                    async move {
                        let path = format!("/v1/{name}:wait");
                        bench
                            .call(hyper::Method::POST, &path, r#"{"timeout": "10s"}"#)
                            .await
                    }
                })
            };
            // Until the server waits on it (it holds the operation then), running the runtime.
            bench.runtime.block_on(async {
                while Arc::strong_count(&job) == before {
                    tokio::time::sleep(Duration::from_micros(20)).await;
                }
            });
            (job, waiting)
        })
        .bench_local_values(|(job, waiting)| {
            job.complete(vec![1]).unwrap();
            bench.runtime.block_on(waiting).unwrap()
        });
    let _ = Empty::<Bytes>::new();
}
