//! Golden cases of the messaging operations: SendMessages, SendUsersMessages, SendOTPMessage and
//! VerifyOTPMessage, each with its success, its per-recipient outcomes and its errors.

use super::{case, req, Case, Req, APP};

fn setup() -> Vec<Req> {
    vec![
        req(
            "PUT",
            &format!("{APP}/endpoints/e1"),
            r#"{"Address":"+12065550100","ChannelType":"SMS","User":{"UserId":"u1","UserAttributes":{"FirstName":["Sofia"]}}}"#,
        ),
        req(
            "PUT",
            &format!("{APP}/endpoints/e2"),
            r#"{"Address":"+12065550101","ChannelType":"SMS","OptOut":"ALL","User":{"UserId":"u1"}}"#,
        ),
        req(
            "PUT",
            &format!("{APP}/endpoints/mail"),
            r#"{"Address":"sofia@example.com","ChannelType":"EMAIL"}"#,
        ),
        req("PUT", &format!("{APP}/channels/sms"), r#"{"Enabled":true}"#),
        req(
            "POST",
            "/v1/templates/hello/sms",
            r#"{"Body":"Hi {{User.UserAttributes.FirstName}}","DefaultSubstitutions":"{\"User.UserAttributes.FirstName\":\"there\"}"}"#,
        ),
    ]
}

fn send(body: &str) -> Req {
    req("POST", &format!("{APP}/messages"), body)
}

fn users(body: &str) -> Req {
    req("POST", &format!("{APP}/users-messages"), body)
}

fn otp(body: &str) -> Req {
    req("POST", &format!("{APP}/otp"), body)
}

fn verify(body: &str) -> Req {
    req("POST", &format!("{APP}/verify-otp"), body)
}

const OTP: &str = r#"{"BrandName":"ExampleCorp","Channel":"SMS","DestinationIdentity":"+12065550100","OriginationIdentity":"+18005550100","ReferenceId":"login"}"#;

pub(crate) fn cases() -> Vec<Case> {
    let sm = "SendMessages";
    let um = "SendUsersMessages";
    let so = "SendOTPMessage";
    let vo = "VerifyOTPMessage";
    let with_otp = || {
        let mut s = setup();
        s.push(otp(OTP));
        s
    };
    vec![
        case(
            sm,
            "delivered-with-template",
            setup(),
            send(
                r#"{"MessageConfiguration":{"SMSMessage":{"MessageType":"TRANSACTIONAL"}},"TemplateConfiguration":{"SMSTemplate":{"Name":"hello"}},"Addresses":{"+12065550199":{"ChannelType":"SMS"}},"Endpoints":{"e1":{}}}"#,
            ),
        ),
        case(
            sm,
            "per-recipient-outcomes",
            setup(),
            send(
                r#"{"MessageConfiguration":{"DefaultMessage":{"Body":"hi"}},"Addresses":{"+12065550100":{"ChannelType":"SMS"},"not-a-number":{"ChannelType":"SMS"}},"Endpoints":{"e1":{},"e2":{},"mail":{},"missing":{}}}"#,
            ),
        ),
        case(
            sm,
            "no-recipients",
            setup(),
            send(r#"{"MessageConfiguration":{"DefaultMessage":{"Body":"hi"}}}"#),
        ),
        case(
            sm,
            "address-without-channel-type",
            setup(),
            send(
                r#"{"MessageConfiguration":{"DefaultMessage":{"Body":"hi"}},"Addresses":{"+12065550100":{}}}"#,
            ),
        ),
        case(
            sm,
            "unknown-template",
            setup(),
            send(
                r#"{"MessageConfiguration":{},"TemplateConfiguration":{"SMSTemplate":{"Name":"nope"}},"Endpoints":{"e1":{}}}"#,
            ),
        ),
        case(
            sm,
            "unknown-app",
            vec![],
            send(
                r#"{"MessageConfiguration":{"DefaultMessage":{"Body":"hi"}},"Endpoints":{"e1":{}}}"#,
            ),
        ),
        case(
            um,
            "delivered",
            setup(),
            users(
                r#"{"MessageConfiguration":{"SMSMessage":{"Body":"Hello {{User.UserAttributes.FirstName}}"}},"Users":{"u1":{},"nobody":{}}}"#,
            ),
        ),
        case(
            um,
            "no-user-has-endpoints",
            setup(),
            users(
                r#"{"MessageConfiguration":{"SMSMessage":{"Body":"Hello"}},"Users":{"nobody":{}}}"#,
            ),
        ),
        case(
            um,
            "missing-message-configuration",
            setup(),
            users(r#"{"Users":{"u1":{}}}"#),
        ),
        case(so, "sent", setup(), otp(OTP)),
        case(
            so,
            "channel-not-enabled",
            vec![req(
                "PUT",
                &format!("{APP}/endpoints/e1"),
                r#"{"ChannelType":"SMS","Address":"+12065550100"}"#,
            )],
            otp(OTP),
        ),
        case(
            so,
            "code-length-out-of-range",
            setup(),
            otp(
                r#"{"BrandName":"ExampleCorp","Channel":"SMS","DestinationIdentity":"+12065550100","OriginationIdentity":"+18005550100","ReferenceId":"login","CodeLength":9}"#,
            ),
        ),
        case(so, "unknown-app", vec![], otp(OTP)),
        case(
            vo,
            "valid",
            with_otp(),
            verify(
                r#"{"DestinationIdentity":"+12065550100","Otp":"000001","ReferenceId":"login"}"#,
            ),
        ),
        case(
            vo,
            "wrong-code",
            with_otp(),
            verify(
                r#"{"DestinationIdentity":"+12065550100","Otp":"999999","ReferenceId":"login"}"#,
            ),
        ),
        case(
            vo,
            "missing-otp",
            with_otp(),
            verify(r#"{"DestinationIdentity":"+12065550100","ReferenceId":"login"}"#),
        ),
        case(
            vo,
            "unknown-app",
            vec![],
            verify(
                r#"{"DestinationIdentity":"+12065550100","Otp":"000001","ReferenceId":"login"}"#,
            ),
        ),
    ]
}
