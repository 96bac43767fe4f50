use axum::http::HeaderMap;

use super::*;

fn body(op: &str, json: &str) -> Result<(), String> {
    check_body(input_of(op).unwrap(), json.as_bytes()).map_err(|e| e.to_string())
}

#[test]
fn every_operation_has_an_input() {
    for op in crate::protocol::catalog::OPERATIONS {
        assert!(input_of(op.name).is_some(), "{}", op.name);
    }
}

#[test]
fn inputs_are_in_the_operations_order() {
    assert_eq!(super::super::shapes::INPUTS.len(), Operation::ALL.len());
    for (i, op) in Operation::ALL.iter().enumerate() {
        assert_eq!(super::super::shapes::INPUTS[i].operation, op.name());
        assert!(std::ptr::eq(
            input_for(*op).unwrap(),
            &super::super::shapes::INPUTS[i]
        ));
    }
}

#[test]
fn valid_bodies_pass() {
    body(
        "CreateApp",
        r#"{"Name":"a","tags":{"k":"v"},"Unknown":[1,{"x":null}]}"#,
    )
    .unwrap();
    body(
        "UpdateEndpoint",
        r#"{"ChannelType":"SMS","Address":"+1","Attributes":{"a":["x"]},"Metrics":{"m":1.5},
            "Location":{"Latitude":1,"Longitude":2.5},"User":{"UserId":null}}"#,
    )
    .unwrap();
    body(
        "UpdateEndpointsBatch",
        r#"{"Item":[{"Id":"a"},{"Id":"b","OptOut":"ALL"}]}"#,
    )
    .unwrap();
}

#[test]
fn empty_and_malformed_bodies_are_left_to_the_handler() {
    body("CreateApp", "").unwrap();
    body("CreateApp", "  \n").unwrap();
    body("CreateApp", r#"{"Name":"#).unwrap();
    // A violation before a syntax error: the syntax error wins.
    body("CreateApp", r#"{"Name":7,"#).unwrap();
    body("CreateApp", r#"{"Name":7} x"#).unwrap();
}

#[test]
fn wrong_types_name_the_path() {
    assert_eq!(
        body("CreateApp", r#"{"Name":7}"#).unwrap_err(),
        "Invalid request body at CreateApplicationRequest.Name: expected a string"
    );
    assert_eq!(
        body("UpdateGcmChannel", r#"{"Enabled":"yes"}"#).unwrap_err(),
        "Invalid request body at GCMChannelRequest.Enabled: expected a boolean"
    );
    assert_eq!(
        body(
            "UpdateEndpointsBatch",
            r#"{"Item":[{"Id":"a"},{"Id":"b","Attributes":{"k":[1]}}]}"#
        )
        .unwrap_err(),
        "Invalid request body at EndpointBatchRequest.Item[1].Attributes.k[0]: expected a string"
    );
    assert_eq!(
        body("CreateApp", "[]").unwrap_err(),
        "Invalid request body at CreateApplicationRequest: expected an object"
    );
    assert_eq!(
        body("UpdateEndpoint", r#"{"Location":{"Latitude":"1"}}"#).unwrap_err(),
        "Invalid request body at EndpointRequest.Location.Latitude: expected a number"
    );
}

#[test]
fn enums_list_the_accepted_values() {
    let e = body("UpdateEndpoint", r#"{"ChannelType":"sms"}"#).unwrap_err();
    assert!(
        e.starts_with(
            r#"Invalid request body at EndpointRequest.ChannelType: "sms" is not one of PUSH, GCM"#
        ),
        "{e}"
    );
    let e = body(
        "CreateCampaign",
        r#"{"Schedule":{"StartTime":"IMMEDIATE","Frequency":"SOMETIMES"}}"#,
    )
    .unwrap_err();
    assert!(
        e.starts_with("Invalid request body at WriteCampaignRequest.Schedule.Frequency: \"SOMETIMES\" is not one of ONCE"),
        "{e}"
    );
}

#[test]
fn required_members() {
    assert_eq!(
        body("CreateApp", r#"{"tags":{}}"#).unwrap_err(),
        "Invalid request body at CreateApplicationRequest.Name: missing required member"
    );
    assert_eq!(
        body("CreateApp", r#"{"Name":null}"#).unwrap_err(),
        "Invalid request body at CreateApplicationRequest.Name: missing required member"
    );
    assert_eq!(
        body("CreateCampaign", r#"{"Schedule":{"Frequency":"ONCE"}}"#).unwrap_err(),
        "Invalid request body at WriteCampaignRequest.Schedule.StartTime: missing required member"
    );
}

#[test]
fn the_exceptions_keep_their_leniency() {
    // A channel update may send only what changes.
    body("UpdateEmailChannel", r#"{"Enabled":false}"#).unwrap();
    // PutEvents judges each endpoint and event on its own, but types still count.
    body(
        "PutEvents",
        r#"{"BatchItem":{"e1":{"Endpoint":{"ChannelType":"nope"},"Events":{"v":{"Session":{}}}}}}"#,
    )
    .unwrap();
    assert_eq!(
        body(
            "PutEvents",
            r#"{"BatchItem":{"e.1":{"Endpoint":{},"Events":{"v":{"EventType":3}}}}}"#
        )
        .unwrap_err(),
        "Invalid request body at EventsRequest.BatchItem.e.1.Events.v.EventType: expected a string"
    );
    assert_eq!(
        body("PutEvents", r#"{"BatchItem":{"e1":{"Events":{}}}}"#).unwrap_err(),
        "Invalid request body at EventsRequest.BatchItem.e1.Endpoint: missing required member"
    );
}

#[test]
fn query_parameters() {
    let untag = input_of("UntagResource").unwrap();
    let none = HeaderMap::new();
    assert_eq!(
        check_params(untag, Some("x=1"), &none)
            .unwrap_err()
            .to_string(),
        "Missing required query parameter tagKeys"
    );
    check_params(untag, Some("tagKeys=a&tagKeys=b%20c"), &none).unwrap();
    let update = input_of("UpdateSmsTemplate").unwrap();
    check_params(update, Some("create-new-version=true"), &none).unwrap();
    check_params(update, None, &none).unwrap();
    assert_eq!(
        check_params(update, Some("create-new-version=yes"), &none)
            .unwrap_err()
            .to_string(),
        "Invalid create-new-version \"yes\": must be true or false"
    );
}
