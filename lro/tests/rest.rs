//! `rest::router` served on 127.0.0.1 (port 0) and driven by a real HTTP client (hyper's) over
//! loopback: every row of the mapping, every route and every error, each request bounded.

mod common;

use std::sync::Arc;
use std::time::{Duration, Instant};

use asyncinfo::AsyncStatus;
use asyncinfo_lro::{rest, Operations};
use common::{expected_cancel, fixture, job, BOUND};
use http_body_util::{BodyExt, Full};
use hyper::body::Bytes;
use hyper::{Method, Request, StatusCode};
use hyper_util::client::legacy::Client;
use hyper_util::rt::TokioExecutor;
use serde_json::{json, Value};

/// A server of `ops` on 127.0.0.1, and its address.
async fn serve(ops: Operations) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, rest::router(ops)).await });
    format!("http://{address}")
}

/// A client for `base`.
struct Http {
    base: String,
    client: Client<hyper_util::client::legacy::connect::HttpConnector, Full<Bytes>>,
}

impl Http {
    async fn new(ops: Operations) -> Self {
        Self {
            base: serve(ops).await,
            client: Client::builder(TokioExecutor::new()).build_http(),
        }
    }

    /// One request, bounded: the status and the JSON body.
    async fn call(&self, method: Method, path: &str, body: &str) -> (StatusCode, Value) {
        let request = Request::builder()
            .method(method)
            .uri(format!("{}{path}", self.base))
            .header("content-type", "application/json")
            .body(Full::new(Bytes::from(body.to_owned())))
            .unwrap();
        let response = tokio::time::timeout(BOUND, self.client.request(request))
            .await
            .expect("answered in time")
            .unwrap();
        let status = response.status();
        assert_eq!(
            response.headers()["content-type"],
            "application/json",
            "{path}"
        );
        let body = response.into_body().collect().await.unwrap().to_bytes();
        (status, serde_json::from_slice(&body).expect("a JSON body"))
    }

    async fn get(&self, path: &str) -> (StatusCode, Value) {
        self.call(Method::GET, path, "").await
    }

    async fn post(&self, path: &str, body: &str) -> (StatusCode, Value) {
        self.call(Method::POST, path, body).await
    }
}

/// The client's query parameters on every request: accepted, and empty values mean unset.
const CLIENT_PARAMS: &str = "$alt=json;enum-encoding=int";

/// An error body: Google's JSON envelope, the HTTP status repeated, a message.
fn assert_error(status: StatusCode, body: &Value, expected: StatusCode, name: &str) {
    assert_eq!(status, expected, "{body}");
    let error = &body["error"];
    assert_eq!(error["code"], json!(expected.as_u16()), "{body}");
    assert_eq!(error["status"], name, "{body}");
    assert!(!error["message"].as_str().unwrap().is_empty(), "{body}");
    assert!(error["details"].is_array());
}

#[tokio::test]
async fn every_row_of_the_mapping() {
    let f = fixture();
    let http = Http::new(f.ops.clone()).await;
    let op = |name: &str| format!("/v1/{name}?{CLIENT_PARAMS}");

    let (status, created) = http.get(&op(&f.created)).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(created["name"], f.created);
    assert_eq!(created["done"], false);
    assert_eq!(
        created["metadata"]["@type"],
        "type.googleapis.com/google.protobuf.Struct"
    );
    assert_eq!(created["metadata"]["value"]["state"], "PENDING");
    assert!(created["metadata"]["value"]["createTime"]
        .as_str()
        .unwrap()
        .ends_with('Z'));
    assert!(created.get("response").is_none() && created.get("error").is_none());

    let (_, running) = http.get(&op(&f.running_name)).await;
    assert_eq!(
        (
            running["done"].clone(),
            running["metadata"]["value"]["state"].clone()
        ),
        (json!(false), json!("RUNNING"))
    );
    assert_eq!(running["metadata"]["value"]["progress"], 40);
    assert!(running["metadata"]["value"]["startTime"].is_string());

    let (_, cancelling) = http.get(&op(&f.cancelling)).await;
    assert_eq!(cancelling["done"], false, "the worker still runs");
    assert_eq!(cancelling["metadata"]["value"]["state"], "CANCELLING");
    assert_eq!(cancelling["metadata"]["value"]["cancelReason"], "REQUESTED");

    let (_, completed) = http.get(&op(&f.completed)).await;
    assert_eq!(completed["done"], true);
    assert_eq!(completed["metadata"]["value"]["state"], "SUCCEEDED");
    assert!(completed["metadata"]["value"]["endTime"].is_string());
    assert_eq!(
        completed["response"],
        json!({"@type": "type.googleapis.com/google.protobuf.Value", "value": [1, 2, 3]})
    );

    let (_, failed) = http.get(&op(&f.failed)).await;
    assert_eq!(failed["done"], true);
    assert_eq!(failed["metadata"]["value"]["state"], "FAILED");
    assert_eq!(
        failed["error"]["code"], 5,
        "NOT_FOUND, from the io::Error's kind"
    );
    assert_eq!(failed["error"]["message"], "no such file");

    // An operation without progress or times.
    let (_, plain) = http.get(&op(&f.plain_completed)).await;
    assert_eq!(plain["response"]["value"], 7);
    assert_eq!(
        plain["metadata"]["value"],
        json!({"state": "SUCCEEDED"}),
        "no progress, no times"
    );

    for (reason, name) in &f.canceled {
        let (_, canceled) = http.get(&op(name)).await;
        let (code, _) = expected_cancel(reason);
        assert_eq!(canceled["done"], true, "{reason}");
        assert_eq!(canceled["metadata"]["value"]["state"], "CANCELLED");
        assert_eq!(canceled["metadata"]["value"]["cancelReason"], *reason);
        assert_eq!(canceled["error"]["code"], code, "{reason}: {canceled}");
        assert_eq!(
            canceled["error"]["details"],
            json!([{
                "@type": "type.googleapis.com/google.rpc.ErrorInfo",
                "reason": reason,
                "domain": "asyncinfo",
                "metadata": {},
            }])
        );
        if *reason == "PANICKED" {
            assert!(canceled["error"]["message"]
                .as_str()
                .unwrap()
                .contains("disk on fire"));
        }
    }
}

#[tokio::test]
async fn lists_page_and_filter() {
    let f = fixture();
    let total = f.ops.len();
    let http = Http::new(f.ops.clone()).await;

    // The client's own parameters: all empty or zero, meaning unset.
    let (status, all) = http
        .get(&format!(
            "/v1/operations?pageSize=0&pageToken=&filter=&returnPartialSuccess=false&{CLIENT_PARAMS}"
        ))
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(all["operations"].as_array().unwrap().len(), total);
    assert!(all.get("nextPageToken").is_none());

    let mut names = Vec::new();
    let mut path = "/v1/operations?pageSize=3".to_owned();
    for _page in 0..20 {
        let (status, page) = http.get(&path).await;
        assert_eq!(status, StatusCode::OK);
        let operations = page["operations"].as_array().unwrap();
        assert!(operations.len() <= 3);
        names.extend(
            operations
                .iter()
                .map(|op| op["name"].as_str().unwrap().to_owned()),
        );
        match page["nextPageToken"].as_str() {
            Some(token) => path = format!("/v1/operations?pageSize=3&pageToken={token}"),
            None => break,
        }
    }
    let listed: Vec<String> = all["operations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|op| op["name"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(names, listed, "pages in order, each operation once");

    let (_, done) = http.get("/v1/operations?filter=done%3Dtrue").await;
    let (_, running) = http.get("/v1/operations?filter=done=false").await;
    let done = done["operations"].as_array().unwrap();
    let running = running["operations"].as_array().unwrap();
    assert!(done.iter().all(|op| op["done"] == true));
    assert!(running.iter().all(|op| op["done"] == false));
    assert_eq!(done.len() + running.len(), total);
    assert_eq!(running.len(), 3, "created, running, cancelling");
}

#[tokio::test]
async fn cancel_and_delete() {
    let ops = Operations::new();
    let op = job();
    op.start().unwrap();
    let name = ops.insert(op.clone());
    let http = Http::new(ops.clone()).await;

    let (status, empty) = http.post(&format!("/v1/{name}:cancel"), "{}").await;
    assert_eq!((status, empty), (StatusCode::OK, json!({})));
    assert_eq!(op.status(), AsyncStatus::Canceled);
    assert_eq!(op.cancel_reason(), Some(asyncinfo::CancelReason::Requested));
    // Idempotent, and a success on an operation that is not done.
    assert_eq!(
        http.post(&format!("/v1/{name}:cancel"), "").await.0,
        StatusCode::OK
    );

    // Not done (its worker still runs): not deleted.
    let (status, body) = http.call(Method::DELETE, &format!("/v1/{name}"), "").await;
    assert_error(
        status,
        &body,
        StatusCode::BAD_REQUEST,
        "FAILED_PRECONDITION",
    );
    op.acknowledge_cancel().unwrap();
    let (status, body) = http.call(Method::DELETE, &format!("/v1/{name}"), "").await;
    assert_eq!((status, body), (StatusCode::OK, json!({})));
    assert!(op.is_closed(), "deleted: closed and removed");
    let (status, body) = http.get(&format!("/v1/{name}")).await;
    assert_error(status, &body, StatusCode::NOT_FOUND, "NOT_FOUND");

    // A cancel of a finished operation is a success too.
    let done = job();
    done.cancel();
    let name = ops.insert(done);
    assert_eq!(
        http.post(&format!("/v1/{name}:cancel"), "{}").await.0,
        StatusCode::OK
    );
}

/// A wait on the running `op` (named `name`) that times out after 0.2 s, then one that the
/// operation's finish, 50 ms in, answers well before its 5 s.
async fn times_out_then_woken(http: &Http, op: &Arc<common::Job>, name: &str) {
    let begun = Instant::now();
    let (status, waited) = http
        .post(&format!("/v1/{name}:wait"), r#"{"timeout": "0.2s"}"#)
        .await;
    assert_eq!(status, StatusCode::OK);
    assert!(begun.elapsed() >= Duration::from_millis(200));
    assert_eq!(waited["done"], false, "timed out: the operation as it is");

    let finisher = std::thread::spawn({
        let op = Arc::clone(op);
        move || {
            std::thread::sleep(Duration::from_millis(50));
            op.complete(vec![9]).unwrap();
        }
    });
    let begun = Instant::now();
    let (_, waited) = http
        .post(&format!("/v1/{name}:wait"), r#"{"timeout": "5s"}"#)
        .await;
    assert!(
        begun.elapsed() < Duration::from_secs(4),
        "woken by the finish"
    );
    assert_eq!(waited["done"], true);
    assert_eq!(waited["response"]["value"], json!([9]));
    finisher.join().unwrap();
}

#[tokio::test]
async fn wait_returns_at_the_finish_or_the_timeout() {
    let ops = Operations::new();
    let op = job();
    op.start().unwrap();
    let name = ops.insert(op.clone());
    let http = Http::new(ops.clone()).await;

    let begun = Instant::now();
    let (_, waited) = http
        .post(&format!("/v1/{name}:wait?timeout=0.1s"), "")
        .await;
    assert!(begun.elapsed() >= Duration::from_millis(100));
    assert_eq!(waited["done"], false);

    times_out_then_woken(&http, &op, &name).await;
}

#[tokio::test]
async fn bad_requests_are_errors_with_a_message_and_the_server_keeps_serving() {
    let f = fixture();
    let http = Http::new(f.ops.clone()).await;
    let never_issued = {
        let (run, _) = f.created["operations/".len()..].split_once('-').unwrap();
        format!("/v1/operations/{run}-999999")
    };
    let too_large = format!("\"{}\"", "x".repeat(3 << 20));
    let cases: Vec<(Method, String, &str, StatusCode, &str)> = vec![
        (
            Method::GET,
            never_issued,
            "",
            StatusCode::NOT_FOUND,
            "NOT_FOUND",
        ),
        (
            Method::GET,
            "/v1/operations/0000000000000000-1".into(),
            "",
            StatusCode::NOT_FOUND,
            "NOT_FOUND",
        ),
        (
            Method::GET,
            "/v1/operations/bad%20name".into(),
            "",
            StatusCode::BAD_REQUEST,
            "INVALID_ARGUMENT",
        ),
        (
            Method::GET,
            "/v1/operations/a%2Fb".into(),
            "",
            StatusCode::BAD_REQUEST,
            "INVALID_ARGUMENT",
        ),
        (
            Method::GET,
            "/v1/elsewhere".into(),
            "",
            StatusCode::NOT_FOUND,
            "NOT_FOUND",
        ),
        (
            Method::GET,
            "/v1/operations?pageToken=garbage".into(),
            "",
            StatusCode::BAD_REQUEST,
            "INVALID_ARGUMENT",
        ),
        (
            Method::GET,
            "/v1/operations?pageSize=ten".into(),
            "",
            StatusCode::BAD_REQUEST,
            "INVALID_ARGUMENT",
        ),
        (
            Method::GET,
            "/v1/operations?pageSize=-1".into(),
            "",
            StatusCode::BAD_REQUEST,
            "INVALID_ARGUMENT",
        ),
        (
            Method::GET,
            "/v1/operations?filter=name%3Dx".into(),
            "",
            StatusCode::BAD_REQUEST,
            "INVALID_ARGUMENT",
        ),
        (
            Method::POST,
            format!("/v1/{}:wait", f.created),
            "not json",
            StatusCode::BAD_REQUEST,
            "INVALID_ARGUMENT",
        ),
        (
            Method::POST,
            format!("/v1/{}:wait", f.created),
            "[1]",
            StatusCode::BAD_REQUEST,
            "INVALID_ARGUMENT",
        ),
        (
            Method::POST,
            format!("/v1/{}:wait", f.created),
            r#"{"timeout": "soon"}"#,
            StatusCode::BAD_REQUEST,
            "INVALID_ARGUMENT",
        ),
        (
            Method::POST,
            format!("/v1/{}:wait", f.created),
            r#"{"timeout": 5}"#,
            StatusCode::BAD_REQUEST,
            "INVALID_ARGUMENT",
        ),
        (
            Method::POST,
            format!("/v1/{}:wait", f.created),
            r#"{"timeout": "-1s"}"#,
            StatusCode::BAD_REQUEST,
            "INVALID_ARGUMENT",
        ),
        (
            Method::POST,
            format!("/v1/{}:wait?timeout=x", f.created),
            "",
            StatusCode::BAD_REQUEST,
            "INVALID_ARGUMENT",
        ),
        (
            Method::POST,
            format!("/v1/{}:resume", f.created),
            "{}",
            StatusCode::NOT_FOUND,
            "NOT_FOUND",
        ),
        (
            Method::POST,
            format!("/v1/{}", f.created),
            "{}",
            StatusCode::NOT_FOUND,
            "NOT_FOUND",
        ),
        (
            Method::POST,
            "/v1/operations/x%3Ay:cancel".into(),
            "{}",
            StatusCode::BAD_REQUEST,
            "INVALID_ARGUMENT",
        ),
        // A name with a `/` in it, or none at all, is no name: no route matches either.
        (
            Method::GET,
            "/v1/operations/a/b".into(),
            "",
            StatusCode::BAD_REQUEST,
            "INVALID_ARGUMENT",
        ),
        (
            Method::POST,
            "/v1/operations/a/b:cancel".into(),
            "{}",
            StatusCode::BAD_REQUEST,
            "INVALID_ARGUMENT",
        ),
        (
            Method::GET,
            "/v1/operations/".into(),
            "",
            StatusCode::BAD_REQUEST,
            "INVALID_ARGUMENT",
        ),
        // Methods the interface does not have.
        (
            Method::PUT,
            format!("/v1/{}", f.created),
            "{}",
            StatusCode::NOT_IMPLEMENTED,
            "UNIMPLEMENTED",
        ),
        (
            Method::DELETE,
            "/v1/operations".into(),
            "",
            StatusCode::NOT_IMPLEMENTED,
            "UNIMPLEMENTED",
        ),
        // A body over axum's limit (2 MiB).
        (
            Method::POST,
            format!("/v1/{}:cancel", f.created),
            &too_large,
            StatusCode::BAD_REQUEST,
            "INVALID_ARGUMENT",
        ),
    ];
    for (method, path, body, expected, name) in cases {
        let (status, error) = http.call(method.clone(), &path, body).await;
        assert_error(status, &error, expected, name);
        // And the server goes on serving.
        assert_eq!(
            http.get(&format!("/v1/{}", f.created)).await.0,
            StatusCode::OK,
            "{method} {path}"
        );
    }
}

#[tokio::test]
async fn a_zero_timeout_answers_at_once_and_minus_zero_is_zero() {
    let ops = Operations::new();
    let op = job();
    op.start().unwrap();
    let name = ops.insert(op.clone());
    let http = Http::new(ops).await;
    for timeout in ["0s", "-0s", "-0.000s"] {
        let (status, waited) = http
            .post(
                &format!("/v1/{name}:wait"),
                &json!({ "timeout": timeout }).to_string(),
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{timeout}: {waited}");
        assert_eq!(waited["done"], false);
    }
    let (status, error) = http.post(&format!("/v1/{name}:wait?timeout=-1s"), "").await;
    assert_error(status, &error, StatusCode::BAD_REQUEST, "INVALID_ARGUMENT");
}

#[test]
fn a_runtime_without_timers_serves_waits() {
    // `axum::serve` needs only I/O; a wait must not need the runtime's timers.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    listener.set_nonblocking(true).unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let ops = Operations::new();
    let op = job();
    op.start().unwrap();
    let name = ops.insert(op.clone());
    let server = tokio::runtime::Builder::new_current_thread()
        .enable_io()
        .build()
        .unwrap();
    std::thread::spawn(move || {
        server.block_on(async move {
            let listener = tokio::net::TcpListener::from_std(listener).unwrap();
            axum::serve(listener, rest::router(ops)).await
        })
    });
    let client = tokio::runtime::Runtime::new().unwrap();
    client.block_on(async {
        let http = Http {
            base,
            client: Client::builder(TokioExecutor::new()).build_http(),
        };
        times_out_then_woken(&http, &op, &name).await;
    });
}

#[tokio::test]
async fn a_finished_operation_past_its_retention_is_not_found() {
    let ops = Operations::new().with_retention(Duration::from_millis(50));
    let op = job();
    op.start().unwrap();
    op.complete(vec![1]).unwrap();
    let name = ops.insert(op);
    let http = Http::new(ops).await;
    // Seen finished now; listed for its retention, then gone at the first call after it.
    assert_eq!(http.get(&format!("/v1/{name}")).await.0, StatusCode::OK);
    tokio::time::sleep(Duration::from_millis(120)).await;
    let (status, error) = http.get(&format!("/v1/{name}")).await;
    assert_error(status, &error, StatusCode::NOT_FOUND, "NOT_FOUND");
    let (_, list) = http.get("/v1/operations").await;
    assert_eq!(
        list["operations"].as_array().map_or(0, Vec::len),
        0,
        "{list}"
    );
}

#[tokio::test]
async fn a_client_that_goes_away_mid_wait_costs_nothing_after() {
    let ops = Operations::new();
    let op = job();
    op.start().unwrap();
    let name = ops.insert(op.clone());
    let http = Arc::new(Http::new(ops.clone()).await);
    let before = Arc::strong_count(&op);
    let waiting = tokio::spawn({
        let (http, name) = (Arc::clone(&http), name.clone());
        async move {
            http.post(&format!("/v1/{name}:wait"), r#"{"timeout": "60s"}"#)
                .await
        }
    });
    // The wait holds the operation while the client waits...
    for _ in 0..200 {
        if Arc::strong_count(&op) > before {
            break;
        }
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    assert!(Arc::strong_count(&op) > before, "the server waits on it");
    // ... and lets go of it once the client is gone.
    waiting.abort();
    drop(http);
    for _ in 0..400 {
        if Arc::strong_count(&op) == before {
            break;
        }
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    assert_eq!(
        Arc::strong_count(&op),
        before,
        "the abandoned wait let go of the operation"
    );
    op.complete(vec![]).unwrap();
}
