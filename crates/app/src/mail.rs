//! Sending e-mail: the [`Mailer`] the use cases send through, and its SMTP
//! adapter (lettre), configured by `THROUGHLINE_SMTP_URL` (for example
//! `smtp://mail.example.org:587?tls=required` or
//! `smtps://user:password@mail.example.org`) and `THROUGHLINE_MAIL_FROM`.
//! Without a URL there is no mailer, and the commands list what they would send.

use std::future::Future;
use std::pin::Pin;

use lettre::message::Mailbox;
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};

/// One e-mail to send: plain text, to one or more addresses.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutgoingMail {
    pub to: Vec<String>,
    pub subject: String,
    pub body: String,
}

/// What sends e-mail. The future resolves to the problem in words, if any.
pub trait Mailer: Send + Sync {
    fn send<'a>(&'a self, mail: &'a OutgoingMail) -> Pin<Box<dyn Future<Output = Result<(), String>> + Send + 'a>>;
}

/// Sends through an SMTP server.
pub struct SmtpMailer {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
}

/// The sender used where `THROUGHLINE_MAIL_FROM` is not set.
pub const DEFAULT_FROM: &str = "Throughline <throughline@localhost>";

impl SmtpMailer {
    /// A mailer for an SMTP URL and a sender (`Name <address>` or an address).
    pub fn new(url: &str, from: &str) -> Result<SmtpMailer, String> {
        let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(url)
            .map_err(|e| format!("THROUGHLINE_SMTP_URL {url:?} is not an SMTP URL: {e}"))?
            .build();
        let from = from.parse().map_err(|e| format!("THROUGHLINE_MAIL_FROM {from:?} is not an address: {e}"))?;
        Ok(SmtpMailer { transport, from })
    }

    /// The mailer the environment configures, if any.
    pub fn from_env() -> Result<Option<SmtpMailer>, String> {
        let Ok(url) = std::env::var("THROUGHLINE_SMTP_URL") else { return Ok(None) };
        if url.trim().is_empty() {
            return Ok(None);
        }
        let from = std::env::var("THROUGHLINE_MAIL_FROM").unwrap_or_else(|_| DEFAULT_FROM.to_string());
        SmtpMailer::new(url.trim(), &from).map(Some)
    }
}

impl Mailer for SmtpMailer {
    fn send<'a>(&'a self, mail: &'a OutgoingMail) -> Pin<Box<dyn Future<Output = Result<(), String>> + Send + 'a>> {
        Box::pin(async move {
            let mut builder = Message::builder()
                .from(self.from.clone())
                .subject(mail.subject.clone())
                .header(lettre::message::header::ContentType::TEXT_PLAIN);
            for to in &mail.to {
                let mailbox: Mailbox = to.parse().map_err(|e| format!("{to:?} is not an e-mail address: {e}"))?;
                builder = builder.to(mailbox);
            }
            let message = builder.body(mail.body.clone()).map_err(|e| format!("the message cannot be built: {e}"))?;
            self.transport.send(message).await.map(|_| ()).map_err(|e| format!("the SMTP server refused: {e}"))
        })
    }
}
