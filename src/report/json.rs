//! The report as JSON (`compare --format json`): stable field and item order.

use super::Report;

impl Report {
    /// Pretty-printed JSON.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).expect("a report always serializes")
    }
}
