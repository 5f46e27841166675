//! [`service`]: the `google.longrunning.Operations` gRPC service, on tonic, with all five
//! RPCs, `WaitOperation` included.
//!
//! The service's server side is generated at build time from a description of its methods
//! (tonic-build's manual builder), over the message types of
//! `googleapis-tonic-google-longrunning`: no `.proto` file, no `protoc`. A `response` is an
//! `Any` holding a `google.protobuf.Value` (the output's JSON), the metadata one holding a
//! `google.protobuf.Struct`, and the `error` of a canceled operation carries a
//! `google.rpc.ErrorInfo` that names the reason. A bad request is a gRPC status
//! (`INVALID_ARGUMENT`, `NOT_FOUND`, `FAILED_PRECONDITION`) with a message.

use std::collections::BTreeMap;
use std::time::Duration;

use googleapis_tonic_google_longrunning::google::longrunning::{
    operation, CancelOperationRequest, DeleteOperationRequest, GetOperationRequest,
    ListOperationsRequest, ListOperationsResponse, Operation, WaitOperationRequest,
};
use googleapis_tonic_google_rpc::google::rpc::{ErrorInfo, Status as RpcStatus};
use prost::Message;
use prost_types::{value::Kind, Any, ListValue, Struct, Value};
use tonic::{Request, Response};

use crate::mapping::{Failure, View, DOMAIN};
use crate::served::Operations;
use crate::service as methods;
use crate::status::Status;

/// The code tonic-build wrote for the service's server side.
#[allow(
    missing_docs,
    unreachable_pub,
    clippy::pedantic,
    clippy::all,
    rustdoc::all,
    reason = "generated code"
)]
mod generated {
    include!(concat!(
        env!("OUT_DIR"),
        "/google.longrunning.Operations.rs"
    ));
}

pub use generated::operations_server::OperationsServer;

/// The service's implementation: serves an [`Operations`] registry.
#[derive(Clone, Debug)]
pub struct Service {
    ops: Operations,
}

/// The gRPC service of `ops`, for `tonic::transport::Server::builder().add_service(…)` (tonic's
/// `transport` feature, in your crate).
///
/// ```no_run
/// use asyncinfo_lro::{grpc, Operations};
///
/// # async fn run() -> Result<(), Box<dyn std::error::Error>> {
/// let ops = Operations::new();
/// tonic::transport::Server::builder()
///     .add_service(grpc::service(ops))
///     .serve("127.0.0.1:50051".parse()?)
///     .await?;
/// # Ok(())
/// # }
/// ```
#[must_use]
pub fn service(ops: Operations) -> OperationsServer<Service> {
    OperationsServer::new(Service { ops })
}

/// `google.protobuf.Empty`, as prost writes it: the generated code names it by this path.
pub(crate) type Empty = ();

/// The `Any` type of a `google.protobuf.Struct`.
const STRUCT_TYPE: &str = "type.googleapis.com/google.protobuf.Struct";
/// The `Any` type of a `google.protobuf.Value`.
const VALUE_TYPE: &str = "type.googleapis.com/google.protobuf.Value";
/// The `Any` type of a `google.rpc.ErrorInfo`.
const ERROR_INFO_TYPE: &str = "type.googleapis.com/google.rpc.ErrorInfo";

/// A JSON value as a `google.protobuf.Value`.
fn value(json: serde_json::Value) -> Value {
    let kind = match json {
        serde_json::Value::Null => Kind::NullValue(0),
        serde_json::Value::Bool(b) => Kind::BoolValue(b),
        // protobuf's numbers are doubles, as JSON's are.
        serde_json::Value::Number(n) => Kind::NumberValue(n.as_f64().unwrap_or(f64::NAN)),
        serde_json::Value::String(s) => Kind::StringValue(s),
        serde_json::Value::Array(items) => Kind::ListValue(ListValue {
            values: items.into_iter().map(value).collect(),
        }),
        serde_json::Value::Object(fields) => Kind::StructValue(structure(fields)),
    };
    Value { kind: Some(kind) }
}

/// A JSON object as a `google.protobuf.Struct`.
fn structure(fields: serde_json::Map<String, serde_json::Value>) -> Struct {
    Struct {
        fields: fields
            .into_iter()
            .map(|(key, json)| (key, value(json)))
            .collect::<BTreeMap<_, _>>()
            .into_iter()
            .collect(),
    }
}

fn any(type_url: &str, message: &impl Message) -> Any {
    Any {
        type_url: type_url.to_owned(),
        value: message.encode_to_vec(),
    }
}

fn rpc_status(failure: &Failure) -> RpcStatus {
    RpcStatus {
        code: failure.status.code.number(),
        message: failure.status.message.clone(),
        details: failure
            .reason
            .iter()
            .map(|reason| {
                let info = ErrorInfo {
                    reason: (*reason).to_owned(),
                    domain: DOMAIN.to_owned(),
                    metadata: Default::default(),
                };
                any(ERROR_INFO_TYPE, &info)
            })
            .collect(),
    }
}

fn operation(view: View) -> Operation {
    let result = view.result.map(|result| match result {
        Ok(response) => operation::Result::Response(any(VALUE_TYPE, &value(response))),
        Err(failure) => operation::Result::Error(rpc_status(&failure)),
    });
    Operation {
        name: view.name,
        metadata: Some(any(STRUCT_TYPE, &structure(view.metadata))),
        done: view.done,
        result,
    }
}

fn status(status: Status) -> tonic::Status {
    tonic::Status::new(tonic::Code::from(status.code.number()), status.message)
}

#[tonic::async_trait]
impl generated::operations_server::Operations for Service {
    async fn list_operations(
        &self,
        request: Request<ListOperationsRequest>,
    ) -> Result<Response<ListOperationsResponse>, tonic::Status> {
        let request = request.into_inner();
        let (views, next_page_token) = methods::list(
            &self.ops,
            i64::from(request.page_size),
            &request.page_token,
            &request.filter,
        )
        .map_err(status)?;
        Ok(Response::new(ListOperationsResponse {
            operations: views.into_iter().map(operation).collect(),
            next_page_token,
            unreachable: Vec::new(),
        }))
    }

    async fn get_operation(
        &self,
        request: Request<GetOperationRequest>,
    ) -> Result<Response<Operation>, tonic::Status> {
        let view = methods::get(&self.ops, &request.into_inner().name).map_err(status)?;
        Ok(Response::new(operation(view)))
    }

    async fn delete_operation(
        &self,
        request: Request<DeleteOperationRequest>,
    ) -> Result<Response<()>, tonic::Status> {
        methods::delete(&self.ops, &request.into_inner().name).map_err(status)?;
        Ok(Response::new(()))
    }

    async fn cancel_operation(
        &self,
        request: Request<CancelOperationRequest>,
    ) -> Result<Response<()>, tonic::Status> {
        methods::cancel(&self.ops, &request.into_inner().name).map_err(status)?;
        Ok(Response::new(()))
    }

    async fn wait_operation(
        &self,
        request: Request<WaitOperationRequest>,
    ) -> Result<Response<Operation>, tonic::Status> {
        let request = request.into_inner();
        let timeout = request.timeout.map(|timeout| {
            let negative = timeout.seconds < 0 || timeout.nanos < 0;
            let seconds = timeout.seconds.unsigned_abs();
            let nanos = timeout.nanos.unsigned_abs().min(999_999_999);
            (negative, Duration::new(seconds, nanos))
        });
        let timeout = methods::wait_timeout(timeout).map_err(status)?;
        let view = methods::wait(&self.ops, &request.name, timeout)
            .await
            .map_err(status)?;
        Ok(Response::new(operation(view)))
    }
}
