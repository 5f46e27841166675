//! `grpc::service` served on 127.0.0.1 (port 0) and driven by a tonic client generated from
//! `google/longrunning/operations.proto` (`googleapis-tonic-google-longrunning`'s): the five
//! RPCs, every row of the mapping and the errors, each call bounded.

mod common;

use std::time::{Duration, Instant};

use asyncinfo::AsyncStatus;
use asyncinfo_lro::{grpc, Operations};
use common::{expected_cancel, fixture, job, BOUND};
use googleapis_tonic_google_longrunning::google::longrunning::operations_client::OperationsClient;
use googleapis_tonic_google_longrunning::google::longrunning::{
    operation, CancelOperationRequest, DeleteOperationRequest, GetOperationRequest,
    ListOperationsRequest, Operation, WaitOperationRequest,
};
use googleapis_tonic_google_rpc::google::rpc::ErrorInfo;
use prost::Message;
use prost_types::{value::Kind, Struct, Value};
use tonic::transport::Channel;
use tonic::Code;

/// A server of `ops` on 127.0.0.1, and a client connected to it.
async fn connect(ops: Operations) -> OperationsClient<Channel> {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    let incoming = tonic::transport::server::TcpIncoming::from(listener);
    tokio::spawn(async move {
        tonic::transport::Server::builder()
            .add_service(grpc::service(ops))
            .serve_with_incoming(incoming)
            .await
    });
    let channel = Channel::from_shared(format!("http://{address}"))
        .unwrap()
        .connect()
        .await
        .unwrap();
    OperationsClient::new(channel)
}

/// Bounds a call.
async fn bounded<T>(call: impl std::future::Future<Output = T>) -> T {
    tokio::time::timeout(BOUND, call)
        .await
        .expect("answered in time")
}

async fn get(client: &mut OperationsClient<Channel>, name: &str) -> Operation {
    let request = GetOperationRequest { name: name.into() };
    bounded(client.get_operation(request))
        .await
        .unwrap()
        .into_inner()
}

fn metadata(operation: &Operation) -> Struct {
    let any = operation.metadata.as_ref().expect("metadata");
    assert_eq!(any.type_url, "type.googleapis.com/google.protobuf.Struct");
    Struct::decode(&*any.value).unwrap()
}

fn string(fields: &Struct, key: &str) -> Option<String> {
    match fields.fields.get(key)?.kind.as_ref()? {
        Kind::StringValue(s) => Some(s.clone()),
        _ => None,
    }
}

#[tokio::test]
async fn every_row_of_the_mapping() {
    let f = fixture();
    let mut client = connect(f.ops.clone()).await;

    let created = get(&mut client, &f.created).await;
    assert_eq!(created.name, f.created);
    assert!(!created.done && created.result.is_none());
    let meta = metadata(&created);
    assert_eq!(string(&meta, "state").as_deref(), Some("PENDING"));
    assert!(string(&meta, "createTime").is_some());

    let running = get(&mut client, &f.running_name).await;
    let meta = metadata(&running);
    assert_eq!(string(&meta, "state").as_deref(), Some("RUNNING"));
    assert_eq!(meta.fields["progress"].kind, Some(Kind::NumberValue(40.0)));

    let cancelling = get(&mut client, &f.cancelling).await;
    assert!(!cancelling.done);
    assert_eq!(
        string(&metadata(&cancelling), "state").as_deref(),
        Some("CANCELLING")
    );

    let completed = get(&mut client, &f.completed).await;
    assert!(completed.done);
    let Some(operation::Result::Response(response)) = completed.result else {
        panic!("a response")
    };
    assert_eq!(
        response.type_url,
        "type.googleapis.com/google.protobuf.Value"
    );
    let Some(Kind::ListValue(list)) = Value::decode(&*response.value).unwrap().kind else {
        panic!("a list")
    };
    assert_eq!(list.values.len(), 3);

    let failed = get(&mut client, &f.failed).await;
    let Some(operation::Result::Error(error)) = failed.result else {
        panic!("an error")
    };
    assert_eq!((error.code, error.message.as_str()), (5, "no such file"));

    let plain = get(&mut client, &f.plain_completed).await;
    let Some(operation::Result::Response(response)) = plain.result else {
        panic!("a response")
    };
    assert_eq!(
        Value::decode(&*response.value).unwrap().kind,
        Some(Kind::NumberValue(7.0))
    );

    for (reason, name) in &f.canceled {
        let canceled = get(&mut client, name).await;
        assert!(canceled.done, "{reason}");
        let Some(operation::Result::Error(error)) = canceled.result else {
            panic!("{reason}: an error")
        };
        assert_eq!(error.code, expected_cancel(reason).0, "{reason}");
        assert_eq!(error.details.len(), 1);
        assert_eq!(
            error.details[0].type_url,
            "type.googleapis.com/google.rpc.ErrorInfo"
        );
        let info = ErrorInfo::decode(&*error.details[0].value).unwrap();
        assert_eq!(
            (info.domain.as_str(), info.reason.as_str()),
            ("asyncinfo", *reason)
        );
    }
}

#[tokio::test]
async fn list_cancel_delete_and_wait() {
    let f = fixture();
    let total = f.ops.len();
    let mut client = connect(f.ops.clone()).await;

    let mut names = Vec::new();
    let mut token = String::new();
    for _page in 0..20 {
        let request = ListOperationsRequest {
            name: "operations".into(),
            filter: String::new(),
            page_size: 4,
            page_token: token.clone(),
            return_partial_success: false,
        };
        let page = bounded(client.list_operations(request))
            .await
            .unwrap()
            .into_inner();
        assert!(page.operations.len() <= 4);
        names.extend(page.operations.into_iter().map(|op| op.name));
        token = page.next_page_token;
        if token.is_empty() {
            break;
        }
    }
    assert_eq!(names.len(), total);
    let request = ListOperationsRequest {
        filter: "done=false".into(),
        ..ListOperationsRequest::default()
    };
    let running = bounded(client.list_operations(request))
        .await
        .unwrap()
        .into_inner();
    assert_eq!(running.operations.len(), 3);

    // Cancel the running one; it is not done until its worker stops; then delete it.
    let name = f.running_name.clone();
    let cancel = CancelOperationRequest { name: name.clone() };
    bounded(client.cancel_operation(cancel.clone()))
        .await
        .unwrap();
    bounded(client.cancel_operation(cancel)).await.unwrap(); // idempotent
    assert_eq!(f.running.status(), AsyncStatus::Canceled);
    let delete = DeleteOperationRequest { name: name.clone() };
    let refused = bounded(client.delete_operation(delete.clone()))
        .await
        .unwrap_err();
    assert_eq!(refused.code(), Code::FailedPrecondition, "{refused}");

    // A wait that the worker's stop ends.
    let running = f.running.clone();
    let stopper = tokio::spawn(async move {
        tokio::time::sleep(Duration::from_millis(50)).await;
        running.acknowledge_cancel().unwrap();
    });
    let begun = Instant::now();
    let wait = WaitOperationRequest {
        name: name.clone(),
        timeout: Some(prost_types::Duration {
            seconds: 5,
            nanos: 0,
        }),
    };
    let waited = bounded(client.wait_operation(wait))
        .await
        .unwrap()
        .into_inner();
    assert!(waited.done && begun.elapsed() < Duration::from_secs(4));
    stopper.await.unwrap();

    bounded(client.delete_operation(delete)).await.unwrap();
    let gone = bounded(client.get_operation(GetOperationRequest { name }))
        .await
        .unwrap_err();
    assert_eq!(gone.code(), Code::NotFound);
}

#[tokio::test]
async fn wait_times_out_and_refuses_a_negative_timeout() {
    let ops = Operations::new();
    let op = job();
    op.start().unwrap();
    let name = ops.insert(op.clone());
    let mut client = connect(ops).await;
    let begun = Instant::now();
    let wait = WaitOperationRequest {
        name: name.clone(),
        timeout: Some(prost_types::Duration {
            seconds: 0,
            nanos: 200_000_000,
        }),
    };
    let waited = bounded(client.wait_operation(wait))
        .await
        .unwrap()
        .into_inner();
    assert!(!waited.done);
    assert!(begun.elapsed() >= Duration::from_millis(200));
    let negative = WaitOperationRequest {
        name,
        timeout: Some(prost_types::Duration {
            seconds: -1,
            nanos: 0,
        }),
    };
    let refused = bounded(client.wait_operation(negative)).await.unwrap_err();
    assert_eq!(refused.code(), Code::InvalidArgument);
    assert!(!refused.message().is_empty());
}

#[tokio::test]
async fn bad_requests_are_errors_with_a_message() {
    let f = fixture();
    let mut client = connect(f.ops.clone()).await;
    for (name, code) in [
        ("operations/0000000000000000-1", Code::NotFound),
        ("jobs/1", Code::InvalidArgument),
        ("operations/", Code::InvalidArgument),
        ("operations/a b", Code::InvalidArgument),
    ] {
        let error = bounded(client.get_operation(GetOperationRequest { name: name.into() }))
            .await
            .unwrap_err();
        assert_eq!(error.code(), code, "{name}");
        assert!(!error.message().is_empty());
    }
    for (token, filter, size) in [("garbage", "", 0), ("", "done=maybe", 0), ("", "", -3)] {
        let request = ListOperationsRequest {
            filter: filter.into(),
            page_size: size,
            page_token: token.into(),
            ..ListOperationsRequest::default()
        };
        let error = bounded(client.list_operations(request)).await.unwrap_err();
        assert_eq!(
            error.code(),
            Code::InvalidArgument,
            "{token} {filter} {size}"
        );
    }
    // Cancel, Delete and Wait check names as Get does.
    for (name, code) in [
        ("operations/0000000000000000-1", Code::NotFound),
        ("jobs/1", Code::InvalidArgument),
        ("operations/a/b", Code::InvalidArgument),
    ] {
        let cancel = CancelOperationRequest { name: name.into() };
        let error = bounded(client.cancel_operation(cancel)).await.unwrap_err();
        assert_eq!(error.code(), code, "cancel {name}");
        let delete = DeleteOperationRequest { name: name.into() };
        let error = bounded(client.delete_operation(delete)).await.unwrap_err();
        assert_eq!(error.code(), code, "delete {name}");
        let wait = WaitOperationRequest {
            name: name.into(),
            timeout: None,
        };
        let error = bounded(client.wait_operation(wait)).await.unwrap_err();
        assert_eq!(error.code(), code, "wait {name}");
        assert!(!error.message().is_empty());
    }
    // A well-formed page token of an earlier run (another run part, the same shape).
    let token = f
        .ops
        .list(asyncinfo::ListQuery {
            page_size: Some(1),
            ..Default::default()
        })
        .unwrap()
        .next_page_token
        .expect("a second page");
    let (run, cursor) = token.split_once('.').expect("run.cursor");
    let earlier = format!("{}.{cursor}", "0".repeat(run.len()));
    assert_ne!(earlier, token);
    let request = ListOperationsRequest {
        page_token: earlier,
        ..ListOperationsRequest::default()
    };
    let error = bounded(client.list_operations(request)).await.unwrap_err();
    assert_eq!(error.code(), Code::InvalidArgument);
    assert!(
        error.message().contains("page token"),
        "{}",
        error.message()
    );
    // Still serving.
    assert_eq!(get(&mut client, &f.created).await.name, f.created);
}
