//! [`router`]: the HTTP bindings of `google.longrunning.Operations`, as Google's REST clients
//! call them, in proto3 JSON, with errors in Google's JSON error envelope.
//!
//! | request | method |
//! |---|---|
//! | `GET /v1/operations/{id}` | GetOperation |
//! | `GET /v1/operations?pageSize&pageToken&filter` | ListOperations (`filter`: `done=true` or `done=false`) |
//! | `POST /v1/operations/{id}:cancel` | CancelOperation |
//! | `DELETE /v1/operations/{id}` | DeleteOperation |
//! | `POST /v1/operations/{id}:wait` | WaitOperation: an extension, since operations.proto gives it no HTTP binding; the timeout in the body (`{"timeout": "0.2s"}`) or the query (`timeout=0.2s`) |
//!
//! Unknown query parameters (the clients send `$alt=json;enum-encoding=int`,
//! `returnPartialSuccess`) are accepted, and empty values mean unset. An error is
//! `{"error": {"code": <HTTP status>, "message": …, "status": "NOT_FOUND", "details": […]}}`
//! with that HTTP status; no request makes the server panic or stop serving.

use std::time::Duration;

use axum::body::Bytes;
use axum::extract::rejection::{BytesRejection, PathRejection, QueryRejection};
use axum::extract::{Path, Query, State};
use axum::http::{header, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use serde_json::{json, Map, Value};

use crate::mapping::{Failure, View, DOMAIN};
use crate::served::Operations;
use crate::service;
use crate::status::{Code, Status};

/// The type of an `Any` holding a `google.protobuf.Struct` (the metadata).
const STRUCT_TYPE: &str = "type.googleapis.com/google.protobuf.Struct";
/// The type of an `Any` holding a `google.protobuf.Value` (the response).
const VALUE_TYPE: &str = "type.googleapis.com/google.protobuf.Value";
/// The type of an `Any` holding a `google.rpc.ErrorInfo`.
const ERROR_INFO_TYPE: &str = "type.googleapis.com/google.rpc.ErrorInfo";

/// An axum [`Router`] serving `ops` at the paths above. Serve it with `axum::serve` on a
/// listener of your choosing, or nest it in a router of your own.
///
/// ```no_run
/// use std::sync::Arc;
/// use asyncinfo::async_operation;
/// use asyncinfo_lro::{rest, Operations};
///
/// #[async_operation(output = String, error = std::io::Error)]
/// struct Report;
///
/// # async fn run() -> std::io::Result<()> {
/// let ops = Operations::new();
/// let name = ops.insert(Arc::new(Report { status: Default::default() }));
/// let listener = tokio::net::TcpListener::bind("127.0.0.1:8080").await?;
/// println!("curl http://127.0.0.1:8080/v1/{name}");
/// axum::serve(listener, rest::router(ops)).await
/// # }
/// ```
pub fn router(ops: Operations) -> Router {
    Router::new()
        .route("/v1/operations", get(list))
        .route(
            "/v1/operations/{id}",
            get(get_operation).delete(delete).post(custom_method),
        )
        .method_not_allowed_fallback(method_not_allowed)
        .fallback(unknown_route)
        .with_state(ops)
}

/// An error as Google's JSON error envelope, with the HTTP status of its code.
struct Error(Status);

impl From<Status> for Error {
    fn from(status: Status) -> Self {
        Self(status)
    }
}

impl IntoResponse for Error {
    fn into_response(self) -> Response {
        let Status { code, message } = self.0;
        let body = json!({
            "error": {
                "code": code.http_status(),
                "message": message,
                "status": code.name(),
                "details": [],
            }
        });
        json_response(status_code(code), &body)
    }
}

fn status_code(code: Code) -> StatusCode {
    StatusCode::from_u16(code.http_status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
}

fn json_response(status: StatusCode, body: &Value) -> Response {
    (
        status,
        [(header::CONTENT_TYPE, "application/json")],
        body.to_string(),
    )
        .into_response()
}

/// `google.rpc.Status` in proto3 JSON, with an `ErrorInfo` naming a cancel's reason.
fn status_json(failure: &Failure) -> Value {
    let details: Vec<Value> = failure
        .reason
        .iter()
        .map(|reason| {
            json!({
                "@type": ERROR_INFO_TYPE,
                "reason": reason,
                "domain": DOMAIN,
                "metadata": {},
            })
        })
        .collect();
    json!({
        "code": failure.status.code.number(),
        "message": failure.status.message,
        "details": details,
    })
}

/// `google.longrunning.Operation` in proto3 JSON.
fn operation_json(view: View) -> Value {
    let mut operation = Map::new();
    operation.insert("name".into(), view.name.into());
    operation.insert(
        "metadata".into(),
        json!({ "@type": STRUCT_TYPE, "value": view.metadata }),
    );
    operation.insert("done".into(), view.done.into());
    match view.result {
        Some(Ok(response)) => {
            operation.insert(
                "response".into(),
                json!({ "@type": VALUE_TYPE, "value": response }),
            );
        }
        Some(Err(failure)) => {
            operation.insert("error".into(), status_json(&failure));
        }
        None => {}
    }
    Value::Object(operation)
}

/// The operation's name from the path's `{id}` (decoded by the router).
fn name_of(id: Result<Path<String>, PathRejection>) -> Result<String, Error> {
    let Path(id) = id.map_err(|rejection| {
        Status::new(
            Code::InvalidArgument,
            format!("the operation's name in the path is malformed: {rejection}"),
        )
    })?;
    Ok(format!("operations/{id}"))
}

/// The query's parameters, in order; a query that is not `key=value&…` is refused.
fn params(
    query: Result<Query<Vec<(String, String)>>, QueryRejection>,
) -> Result<Vec<(String, String)>, Error> {
    let Query(params) = query.map_err(|rejection| {
        Status::new(
            Code::InvalidArgument,
            format!("the query is malformed: {rejection}"),
        )
    })?;
    Ok(params)
}

/// The last value of parameter `key`, if it is given and not empty.
fn param<'a>(params: &'a [(String, String)], key: &str) -> Option<&'a str> {
    params
        .iter()
        .rev()
        .find(|(k, _)| k == key)
        .map(|(_, v)| v.as_str())
        .filter(|v| !v.is_empty())
}

async fn get_operation(
    State(ops): State<Operations>,
    id: Result<Path<String>, PathRejection>,
) -> Result<Response, Error> {
    let name = name_of(id)?;
    let view = service::get(&ops, &name)?;
    Ok(json_response(StatusCode::OK, &operation_json(view)))
}

async fn list(
    State(ops): State<Operations>,
    query: Result<Query<Vec<(String, String)>>, QueryRejection>,
) -> Result<Response, Error> {
    let params = params(query)?;
    let page_size = match param(&params, "pageSize") {
        None => 0,
        Some(size) => size.parse::<i64>().map_err(|_| {
            Status::new(
                Code::InvalidArgument,
                format!("page size `{size}` is not a number"),
            )
        })?,
    };
    let token = param(&params, "pageToken").unwrap_or_default();
    let filter = param(&params, "filter").unwrap_or_default();
    let (views, next) = service::list(&ops, page_size, token, filter)?;
    let operations: Vec<Value> = views.into_iter().map(operation_json).collect();
    let mut body = json!({ "operations": operations });
    if !next.is_empty() {
        body["nextPageToken"] = next.into();
    }
    Ok(json_response(StatusCode::OK, &body))
}

async fn delete(
    State(ops): State<Operations>,
    id: Result<Path<String>, PathRejection>,
) -> Result<Response, Error> {
    let name = name_of(id)?;
    service::delete(&ops, &name)?;
    Ok(json_response(StatusCode::OK, &json!({})))
}

/// `POST …/{id}:cancel` and `POST …/{id}:wait`.
async fn custom_method(
    State(ops): State<Operations>,
    id: Result<Path<String>, PathRejection>,
    query: Result<Query<Vec<(String, String)>>, QueryRejection>,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, Error> {
    let name = name_of(id)?;
    let body = body.map_err(|rejection| {
        Status::new(
            Code::InvalidArgument,
            format!(
                "the request's body cannot be read: {}",
                rejection.body_text()
            ),
        )
    })?;
    let Some((name, verb)) = name.rsplit_once(':') else {
        return Err(Status::new(
            Code::NotFound,
            format!("POST `/v1/{name}` names no method: expected `:cancel` or `:wait`"),
        )
        .into());
    };
    match verb {
        "cancel" => {
            service::cancel(&ops, name)?;
            Ok(json_response(StatusCode::OK, &json!({})))
        }
        "wait" => {
            let timeout = wait_timeout(&params(query)?, &body)?;
            let view = service::wait(&ops, name, service::wait_timeout(timeout)?).await?;
            Ok(json_response(StatusCode::OK, &operation_json(view)))
        }
        other => Err(Status::new(
            Code::NotFound,
            format!("no method `:{other}`: expected `:cancel` or `:wait`"),
        )
        .into()),
    }
}

/// The timeout of a wait: from the body's `timeout` (WaitOperationRequest's JSON), else from
/// the query's `timeout`; `(negative, duration)`.
fn wait_timeout(
    params: &[(String, String)],
    body: &[u8],
) -> Result<Option<(bool, Duration)>, Error> {
    let from_body = if body.iter().all(u8::is_ascii_whitespace) {
        None
    } else {
        let request: Value = serde_json::from_slice(body).map_err(|error| {
            Status::new(
                Code::InvalidArgument,
                format!("the body is not JSON: {error}"),
            )
        })?;
        let Value::Object(request) = request else {
            return Err(Status::new(
                Code::InvalidArgument,
                "the body is not a JSON object (a WaitOperationRequest)",
            )
            .into());
        };
        match request.get("timeout") {
            None | Some(Value::Null) => None,
            Some(Value::String(timeout)) => Some(timeout.clone()),
            Some(other) => {
                return Err(Status::new(
                    Code::InvalidArgument,
                    format!("the timeout `{other}` is not a duration string such as \"0.5s\""),
                )
                .into())
            }
        }
    };
    let timeout = from_body.or_else(|| param(params, "timeout").map(str::to_owned));
    timeout.map(|text| duration(&text)).transpose()
}

/// A `google.protobuf.Duration` in proto3 JSON: `"1.5s"`, `"-0.2s"`, `"3s"`; `(negative,
/// duration)`.
fn duration(text: &str) -> Result<(bool, Duration), Error> {
    let invalid = || {
        Error(Status::new(
            Code::InvalidArgument,
            format!("the timeout `{text}` is not a duration such as \"0.5s\""),
        ))
    };
    let seconds = text.strip_suffix('s').ok_or_else(invalid)?;
    let (negative, seconds) = match seconds.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, seconds),
    };
    let (whole, fraction) = seconds.split_once('.').unwrap_or((seconds, ""));
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if whole.is_empty() || !digits(whole) || !digits(fraction) || fraction.len() > 9 {
        return Err(invalid());
    }
    let whole: u64 = whole.parse().map_err(|_| invalid())?;
    let nanos: u32 = format!("{fraction:0<9}").parse().map_err(|_| invalid())?;
    let duration = Duration::new(whole, nanos);
    // "-0s" is zero, not a negative timeout.
    Ok((negative && !duration.is_zero(), duration))
}

/// A path that no route matches: under `/v1/operations/`, a name that is not one (a `/` in
/// it, or nothing), which is `INVALID_ARGUMENT` as any bad name; elsewhere, `NOT_FOUND`.
async fn unknown_route(uri: Uri) -> Error {
    if let Some(name) = uri.path().strip_prefix("/v1/") {
        if name.starts_with("operations/") {
            if let Err(status) = service::check_name(name) {
                return Error(status);
            }
        }
    }
    Error(Status::new(
        Code::NotFound,
        "no such resource: operations are at `/v1/operations` and `/v1/operations/{id}`",
    ))
}

/// A route with another method than its own (a `PUT`, a `DELETE` of the list).
async fn method_not_allowed(method: Method, uri: Uri) -> Error {
    Error(Status::new(
        Code::Unimplemented,
        format!(
            "`{method} {}` is not a method of this interface: `GET /v1/operations`, and \
             `GET`, `DELETE` and `POST` (`:cancel`, `:wait`) of `/v1/operations/{{id}}`",
            uri.path()
        ),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations() {
        let ok = |text| duration(text).ok();
        assert_eq!(ok("0.2s"), Some((false, Duration::from_millis(200))));
        assert_eq!(ok("3s"), Some((false, Duration::from_secs(3))));
        assert_eq!(ok("-1.5s"), Some((true, Duration::from_millis(1500))));
        assert_eq!(ok("0.000000001s"), Some((false, Duration::from_nanos(1))));
        for bad in [
            "",
            "s",
            "0.2",
            "1m",
            ".5s",
            "1.s0",
            "1.0000000001s",
            "+1s",
            "1 s",
        ] {
            assert!(duration(bad).is_err(), "{bad}");
        }
    }
}
