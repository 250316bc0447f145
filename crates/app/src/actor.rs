//! Who acts: the operator at the terminal, a signed-in account, or an
//! anonymous visitor. The audit trail names the actor of every change.

use throughline_core::Grant;
use throughline_store::User;

use crate::access::{Permission, allows};
use crate::error::AppError;

#[derive(Debug, Clone)]
pub enum Actor {
    /// Whoever runs the `throughline` command on the server: every right
    /// (they hold the database). Named `cli:USER` in the audit trail.
    Operator(String),
    /// A signed-in account with its roles.
    User(User),
    /// Someone who did not sign in: the published guide only.
    Anonymous,
}

impl Actor {
    /// The operator named after the system user running the command.
    pub fn operator_from_env() -> Actor {
        let user = std::env::var("USER").or_else(|_| std::env::var("USERNAME")).unwrap_or_else(|_| "unknown".into());
        Actor::Operator(format!("cli:{user}"))
    }

    /// How the audit trail names the actor.
    pub fn audit_name(&self) -> String {
        match self {
            Actor::Operator(name) => name.clone(),
            Actor::User(u) => format!("user:{}", u.email),
            Actor::Anonymous => "anonymous".to_string(),
        }
    }

    pub fn user(&self) -> Option<&User> {
        match self {
            Actor::User(u) => Some(u),
            _ => None,
        }
    }

    /// The actor's roles (none for the operator, who needs none, and for anonymous visitors).
    pub fn grants(&self) -> &[Grant] {
        match self {
            Actor::User(u) => &u.grants,
            _ => &[],
        }
    }

    /// Whether the actor may do this.
    pub fn may(&self, permission: &Permission) -> bool {
        match self {
            Actor::Operator(_) => true,
            Actor::User(u) => allows(&u.grants, permission),
            Actor::Anonymous => matches!(permission, Permission::ReadPublished),
        }
    }

    /// Ok when the actor may do this, else a Forbidden error that says what was refused.
    pub fn require(&self, permission: &Permission) -> Result<(), AppError> {
        if self.may(permission) {
            Ok(())
        } else if matches!(self, Actor::Anonymous) {
            Err(AppError::Forbidden(format!("sign in to {}", permission.describe())))
        } else {
            Err(AppError::Forbidden(format!("your account may not {}", permission.describe())))
        }
    }
}
