//! What a recipient is sent (docs/behaviour.md#message-content): each field from its most
//! specific source, the message's variables from theirs (docs/behaviour.md#rendering), and the
//! rendering.

use std::collections::BTreeMap;

use serde_json::Value;

use super::parts::{channel_part, default_part, default_push_part, Part};
use super::sent::SentSettings;
use super::{Overrides, ResolvedTemplate};
use crate::model::{AndroidPushNotificationTemplate, DirectMessageConfiguration};
use crate::render::{Escape, Renderer};
use crate::store::endpoints::model::ChannelType;
use crate::store::messaging::channels::Channel;
use crate::store::messaging::templates::{TemplateContent, TemplateKind};

/// The DirectMessageConfiguration member that carries a channel's message.
pub fn message_member(ct: ChannelType) -> &'static str {
    match ct {
        ChannelType::SMS => "SMSMessage",
        ChannelType::EMAIL => "EmailMessage",
        ChannelType::VOICE => "VoiceMessage",
        ChannelType::GCM => "GCMMessage",
        ChannelType::ADM => "ADMMessage",
        ChannelType::BAIDU => "BaiduMessage",
        _ => "APNSMessage",
    }
}

/// The template type a channel takes its content from.
pub fn template_kind(ct: ChannelType) -> TemplateKind {
    match ct {
        ChannelType::SMS => TemplateKind::SMS,
        ChannelType::EMAIL => TemplateKind::EMAIL,
        ChannelType::VOICE => TemplateKind::VOICE,
        _ => TemplateKind::PUSH,
    }
}

/// The texts of a push template's section: Title, Body and RawContent.
struct PushTexts<'a> {
    title: Option<&'a str>,
    body: Option<&'a str>,
    raw: Option<&'a str>,
}

/// The section of a push template for a channel, then its Default section.
fn push_sections(t: &TemplateContent, ct: ChannelType) -> [Option<PushTexts<'_>>; 2] {
    fn android(a: &Option<AndroidPushNotificationTemplate>) -> Option<PushTexts<'_>> {
        a.as_ref().map(|a| PushTexts {
            title: a.title.as_deref(),
            body: a.body.as_deref(),
            raw: a.raw_content.as_deref(),
        })
    }
    let own = match ct {
        ChannelType::GCM => android(&t.gcm),
        ChannelType::ADM => android(&t.adm),
        ChannelType::BAIDU => android(&t.baidu),
        _ => t.apns.as_ref().map(|a| PushTexts {
            title: a.title.as_deref(),
            body: a.body.as_deref(),
            raw: a.raw_content.as_deref(),
        }),
    };
    let default = t.default.as_ref().map(|d| PushTexts {
        title: d.title.as_deref(),
        body: d.body.as_deref(),
        raw: None,
    });
    [own, default]
}

fn is_push(ct: ChannelType) -> bool {
    !matches!(
        ct,
        ChannelType::SMS | ChannelType::EMAIL | ChannelType::VOICE
    )
}

/// Everything one recipient's message is made from.
pub struct Sources<'a> {
    pub channel: ChannelType,
    pub config: &'a DirectMessageConfiguration,
    pub template: Option<&'a ResolvedTemplate>,
    pub overrides: &'a Overrides,
}

/// The fields of a message, rendered or not.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Content {
    pub title: Option<String>,
    pub subject: Option<String>,
    pub body: Option<String>,
    pub html: Option<String>,
    pub text: Option<String>,
    pub raw: Option<String>,
    pub data: Option<BTreeMap<String, String>>,
}

impl Content {
    /// Whether there is anything to send on the channel.
    pub fn is_empty(&self, ct: ChannelType) -> bool {
        match ct {
            ChannelType::EMAIL => self.html.is_none() && self.text.is_none() && self.raw.is_none(),
            ChannelType::SMS | ChannelType::VOICE => self.body.is_none(),
            _ => {
                self.title.is_none()
                    && self.body.is_none()
                    && self.raw.is_none()
                    && self.data.is_none()
            }
        }
    }
}

impl<'a> Sources<'a> {
    pub(super) fn message(&self) -> Option<Part<'a>> {
        channel_part(self.config, self.channel)
    }

    pub(super) fn default_push(&self) -> Option<Part<'a>> {
        is_push(self.channel)
            .then_some(self.config.default_push_notification_message.as_ref())
            .flatten()
            .map(default_push_part)
    }

    pub(super) fn default(&self) -> Option<Part<'a>> {
        self.config.default_message.as_ref().map(default_part)
    }

    /// A text of the template's content.
    fn tmpl(&self, part: fn(&TemplateContent) -> &Option<String>) -> Option<&'a str> {
        self.template.and_then(|t| part(&t.content).as_deref())
    }

    /// A push template's text: the channel's section, then the Default section.
    fn push_tmpl(&self, part: fn(&PushTexts<'a>) -> Option<&'a str>) -> Option<&'a str> {
        let t = &self.template?.content;
        push_sections(t, self.channel)
            .iter()
            .flatten()
            .find_map(part)
    }

    /// The fields before rendering: the most specific source of each wins.
    pub fn unrendered(&self) -> Content {
        fn own(s: &Option<String>) -> Option<&str> {
            s.as_deref()
        }
        let o = self.overrides;
        let pick = |c: &[Option<&str>]| c.iter().flatten().next().map(|s| s.to_string());
        let (msg, dflt) = (self.message().unwrap_or_default(), self.default());
        let dflt_body = dflt.and_then(|d| d.body);
        let email = msg.email;
        let simple = email.and_then(|e| e.simple_email.as_ref());
        let email_part = |p: Option<&'a crate::model::SimpleEmailPart>| -> Option<&'a str> {
            p.and_then(|p| p.data.as_deref())
        };
        let mut c = match self.channel {
            ChannelType::SMS | ChannelType::VOICE => Content {
                body: pick(&[
                    own(&o.raw),
                    own(&o.body),
                    self.tmpl(|t| &t.body),
                    msg.body,
                    dflt_body,
                ]),
                ..Content::default()
            },
            ChannelType::EMAIL => Content {
                subject: pick(&[
                    own(&o.title),
                    self.tmpl(|t| &t.subject),
                    email_part(simple.and_then(|s| s.subject.as_ref())),
                ]),
                html: pick(&[
                    own(&o.body),
                    self.tmpl(|t| &t.html_part),
                    email_part(simple.and_then(|s| s.html_part.as_ref())),
                ]),
                text: pick(&[
                    own(&o.body),
                    self.tmpl(|t| &t.text_part),
                    email_part(simple.and_then(|s| s.text_part.as_ref())),
                    msg.body,
                    dflt_body,
                ]),
                raw: pick(&[
                    own(&o.raw),
                    email
                        .and_then(|e| e.raw_email.as_ref())
                        .and_then(|r| r.data.as_deref()),
                ]),
                ..Content::default()
            },
            _ => {
                let dpush = self.default_push().unwrap_or_default();
                Content {
                    title: pick(&[
                        own(&o.title),
                        self.push_tmpl(|p| p.title),
                        msg.title,
                        dpush.title,
                    ]),
                    body: pick(&[
                        own(&o.body),
                        self.push_tmpl(|p| p.body),
                        msg.body,
                        dpush.body,
                        dflt_body,
                    ]),
                    raw: pick(&[own(&o.raw), self.push_tmpl(|p| p.raw), msg.raw]),
                    data: msg.data.or(dpush.data).cloned(),
                    ..Content::default()
                }
            }
        };
        // Raw content replaces the whole message (SMS and voice already took it as the body).
        if c.raw.is_some() {
            match self.channel {
                ChannelType::EMAIL => (c.subject, c.html, c.text) = (None, None, None),
                ChannelType::SMS | ChannelType::VOICE => {}
                _ => (c.title, c.body) = (None, None),
            }
        }
        c
    }

    /// The settings that are not content: the channel message's (over the default push
    /// message's), FromAddress from the email channel, LanguageCode and VoiceId from a voice
    /// template.
    pub fn settings(&self, channel: Option<&Channel>) -> SentSettings {
        /// A setting from its fallback source when the message has none.
        fn unset(field: &mut Option<String>, value: Option<&str>) {
            if field.is_none() {
                *field = value.map(str::to_string);
            }
        }
        let mut out = self.message().map(|m| m.settings).unwrap_or_default();
        if let Some(d) = self.default_push().map(|d| d.settings) {
            out.action = out.action.or(d.action);
            out.silent_push = out.silent_push.or(d.silent_push);
            out.url = out.url.or(d.url);
        }
        match self.channel {
            ChannelType::EMAIL => unset(
                &mut out.from_address,
                channel.and_then(|c| c.settings.from_address.as_deref()),
            ),
            ChannelType::VOICE => {
                unset(&mut out.language_code, self.tmpl(|t| &t.language_code));
                unset(&mut out.voice_id, self.tmpl(|t| &t.voice_id));
            }
            _ => {}
        }
        out
    }
}

/// Whether any field has a variable or helper to render.
pub fn needs_rendering(c: &Content) -> bool {
    [&c.title, &c.subject, &c.body, &c.html, &c.text, &c.raw]
        .into_iter()
        .flatten()
        .any(|s| s.contains("{{"))
}

/// Renders every field; `Err` is why one could not be.
pub fn render(r: &Renderer, c: Content, vars: Value) -> Result<Content, String> {
    let ctx = Renderer::context(vars);
    let part = |s: Option<String>, escape| -> Result<Option<String>, String> {
        s.map(|s| r.render(&s, &ctx, escape)).transpose()
    };
    Ok(Content {
        title: part(c.title, Escape::None)?,
        subject: part(c.subject, Escape::None)?,
        body: part(c.body, Escape::None)?,
        html: part(c.html, Escape::Html)?,
        text: part(c.text, Escape::None)?,
        raw: part(c.raw, Escape::None)?,
        data: c.data,
    })
}
