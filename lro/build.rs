//! With the `grpc` feature: generates the server side of `google.longrunning.Operations` from a
//! description of its five methods (tonic-build's manual builder), over the message types of
//! `googleapis-tonic-google-longrunning`. No `.proto` file is read and no `protoc` is needed.

fn main() {
    #[cfg(feature = "grpc")]
    grpc();
}

#[cfg(feature = "grpc")]
fn grpc() {
    use tonic_build::manual::{Builder, Method, Service};

    const TYPES: &str = "googleapis_tonic_google_longrunning::google::longrunning";
    let method = |name: &str, route: &str, input: &str, output: &str| {
        Method::builder()
            .name(name)
            .route_name(route)
            .input_type(format!("{TYPES}::{input}"))
            .output_type(output)
            .codec_path("tonic_prost::ProstCodec")
            .build()
    };
    let operation = format!("{TYPES}::Operation");
    let service = Service::builder()
        .name("Operations")
        .package("google.longrunning")
        .method(method(
            "list_operations",
            "ListOperations",
            "ListOperationsRequest",
            &format!("{TYPES}::ListOperationsResponse"),
        ))
        .method(method(
            "get_operation",
            "GetOperation",
            "GetOperationRequest",
            &operation,
        ))
        .method(method(
            "delete_operation",
            "DeleteOperation",
            "DeleteOperationRequest",
            "crate::grpc::Empty",
        ))
        .method(method(
            "cancel_operation",
            "CancelOperation",
            "CancelOperationRequest",
            "crate::grpc::Empty",
        ))
        .method(method(
            "wait_operation",
            "WaitOperation",
            "WaitOperationRequest",
            &operation,
        ))
        .build();
    Builder::new()
        .build_client(false)
        .build_server(true)
        .build_transport(false)
        .compile(&[service]);
}
