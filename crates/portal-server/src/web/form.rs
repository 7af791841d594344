//! A posted HTML form (`application/x-www-form-urlencoded`): its name–value pairs in order, so
//! a checkbox group's repeated names are all kept. Bodies above [`MAX_FORM_BYTES`] are refused.

use axum::body::Bytes;

/// The largest form body the pages accept.
pub const MAX_FORM_BYTES: usize = 16 * 1024;

/// A posted form.
#[derive(Debug, Clone, Default)]
pub struct Form(Vec<(String, String)>);

impl Form {
    /// Parses a body; `None` when it is too large.
    pub fn parse(body: &Bytes) -> Option<Form> {
        (body.len() <= MAX_FORM_BYTES).then(|| {
            Form(
                form_urlencoded::parse(body)
                    .map(|(k, v)| (k.into_owned(), v.into_owned()))
                    .collect(),
            )
        })
    }

    /// The first value of `name`.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    /// Every value of `name`, in order.
    pub fn all<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        self.0
            .iter()
            .filter(move |(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }
}
