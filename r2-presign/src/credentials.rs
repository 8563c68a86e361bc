//! R2 / S3 API credentials.

use std::fmt;

use zeroize::Zeroizing;

use crate::Error;

/// An access key id, its secret access key and, for temporary credentials, a session token.
///
/// The secret and the token are wiped from memory when the value is dropped, and `Debug`
/// shows only the access key id.
///
/// # Examples
/// ```
/// use r2_presign::Credentials;
///
/// let creds = Credentials::new("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY")?;
/// assert_eq!(creds.access_key_id(), "AKIDEXAMPLE");
/// assert!(!format!("{creds:?}").contains("wJalr"));
/// # Ok::<(), r2_presign::Error>(())
/// ```
#[derive(Clone)]
pub struct Credentials {
    access_key_id: String,
    secret_access_key: Zeroizing<String>,
    session_token: Option<Zeroizing<String>>,
}

/// The environment variables read by [`Credentials::from_env`], R2 names first.
const R2_VARS: [&str; 3] = [
    "R2_ACCESS_KEY_ID",
    "R2_SECRET_ACCESS_KEY",
    "R2_SESSION_TOKEN",
];
const AWS_VARS: [&str; 3] = [
    "AWS_ACCESS_KEY_ID",
    "AWS_SECRET_ACCESS_KEY",
    "AWS_SESSION_TOKEN",
];

impl Credentials {
    /// Long-lived credentials: an access key id and its secret.
    ///
    /// # Errors
    /// [`Error::EmptyCredential`] if either is empty.
    pub fn new(
        access_key_id: impl Into<String>,
        secret_access_key: impl Into<String>,
    ) -> Result<Self, Error> {
        let access_key_id = access_key_id.into();
        let secret_access_key = Zeroizing::new(secret_access_key.into());
        if access_key_id.is_empty() {
            return Err(Error::EmptyCredential {
                field: "access key id",
            });
        }
        if secret_access_key.is_empty() {
            return Err(Error::EmptyCredential {
                field: "secret access key",
            });
        }
        Ok(Self {
            access_key_id,
            secret_access_key,
            session_token: None,
        })
    }

    /// Adds the session token of temporary credentials. It is sent as `X-Amz-Security-Token`
    /// and covered by the signature.
    ///
    /// # Errors
    /// [`Error::EmptyCredential`] if it is empty.
    pub fn with_session_token(mut self, token: impl Into<String>) -> Result<Self, Error> {
        let token = Zeroizing::new(token.into());
        if token.is_empty() {
            return Err(Error::EmptyCredential {
                field: "session token",
            });
        }
        self.session_token = Some(token);
        Ok(self)
    }

    /// Reads `R2_ACCESS_KEY_ID`, `R2_SECRET_ACCESS_KEY` and the optional `R2_SESSION_TOKEN`.
    ///
    /// When neither `R2_ACCESS_KEY_ID` nor `R2_SECRET_ACCESS_KEY` is set, the `AWS_` names
    /// (`AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`, `AWS_SESSION_TOKEN`) are read instead.
    /// The two sets are never mixed.
    ///
    /// # Errors
    /// [`Error::MissingEnvVar`] naming the variable to set, or [`Error::EmptyCredential`].
    pub fn from_env() -> Result<Self, Error> {
        Self::from_lookup(|name| std::env::var(name).ok())
    }

    /// [`from_env`](Self::from_env) with the variables looked up by `lookup` instead (a
    /// configuration map, or a test).
    ///
    /// # Errors
    /// As [`from_env`](Self::from_env).
    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> Result<Self, Error> {
        let get = |name: &str| lookup(name).filter(|v| !v.is_empty());
        let r2 = get(R2_VARS[0]).is_some() || get(R2_VARS[1]).is_some();
        let (vars, other) = if r2 {
            (R2_VARS, None)
        } else {
            (AWS_VARS, Some(R2_VARS))
        };
        let missing = |i: usize| match other {
            // Nothing R2 is set: ask for the R2 name and mention the AWS fallback.
            Some(r2_vars) => Error::MissingEnvVar {
                name: r2_vars[i],
                fallback: Some(vars[i]),
            },
            None => Error::MissingEnvVar {
                name: vars[i],
                fallback: None,
            },
        };
        let id = get(vars[0]).ok_or_else(|| missing(0))?;
        let secret = Zeroizing::new(get(vars[1]).ok_or_else(|| missing(1))?);
        let creds = Self::new(id, secret.as_str())?;
        match get(vars[2]) {
            Some(token) => creds.with_session_token(token),
            None => Ok(creds),
        }
    }

    /// The access key id (not secret: it is part of every presigned URL).
    pub fn access_key_id(&self) -> &str {
        &self.access_key_id
    }

    /// Whether these are temporary credentials with a session token.
    pub fn has_session_token(&self) -> bool {
        self.session_token.is_some()
    }

    pub(crate) fn secret_access_key(&self) -> &str {
        &self.secret_access_key
    }

    pub(crate) fn session_token(&self) -> Option<&str> {
        self.session_token.as_deref().map(String::as_str)
    }
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Credentials")
            .field("access_key_id", &self.access_key_id)
            .field("secret_access_key", &"<redacted>")
            .field(
                "session_token",
                &self.session_token.as_ref().map(|_| "<redacted>"),
            )
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn env(pairs: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
        let map: HashMap<String, String> = pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        move |k| map.get(k).cloned()
    }

    #[test]
    fn reads_r2_variables_first() {
        let c = Credentials::from_lookup(env(&[
            ("R2_ACCESS_KEY_ID", "r2id"),
            ("R2_SECRET_ACCESS_KEY", "r2secret"),
            ("AWS_ACCESS_KEY_ID", "awsid"),
            ("AWS_SECRET_ACCESS_KEY", "awssecret"),
            ("AWS_SESSION_TOKEN", "awstoken"),
        ]))
        .unwrap();
        assert_eq!(c.access_key_id(), "r2id");
        assert_eq!(c.secret_access_key(), "r2secret");
        // The sets are not mixed: the AWS token does not ride along with R2 keys.
        assert!(!c.has_session_token());
    }

    #[test]
    fn falls_back_to_aws_variables() {
        let c = Credentials::from_lookup(env(&[
            ("AWS_ACCESS_KEY_ID", "awsid"),
            ("AWS_SECRET_ACCESS_KEY", "awssecret"),
            ("AWS_SESSION_TOKEN", "tok"),
        ]))
        .unwrap();
        assert_eq!(c.access_key_id(), "awsid");
        assert_eq!(c.session_token(), Some("tok"));
    }

    #[test]
    fn missing_variables_are_named() {
        assert_eq!(
            Credentials::from_lookup(env(&[])).unwrap_err(),
            Error::MissingEnvVar {
                name: "R2_ACCESS_KEY_ID",
                fallback: Some("AWS_ACCESS_KEY_ID")
            }
        );
        let err = Credentials::from_lookup(env(&[("R2_ACCESS_KEY_ID", "id")])).unwrap_err();
        assert_eq!(
            err,
            Error::MissingEnvVar {
                name: "R2_SECRET_ACCESS_KEY",
                fallback: None
            }
        );
        assert!(err.to_string().contains("R2_SECRET_ACCESS_KEY"), "{err}");
        let err = Credentials::from_lookup(env(&[("AWS_ACCESS_KEY_ID", "id")])).unwrap_err();
        assert!(
            err.to_string()
                .contains("R2_SECRET_ACCESS_KEY (or AWS_SECRET_ACCESS_KEY)")
        );
    }

    #[test]
    fn empty_credentials_are_refused() {
        assert_eq!(
            Credentials::new("", "s").unwrap_err(),
            Error::EmptyCredential {
                field: "access key id"
            }
        );
        assert!(Credentials::new("id", "").is_err());
        assert!(
            Credentials::new("id", "s")
                .unwrap()
                .with_session_token("")
                .is_err()
        );
    }
}
