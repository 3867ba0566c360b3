//! The report as JSON (`compare --format json`): stable field and item order.

use super::Report;

impl Report {
    /// Pretty-printed JSON.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).expect("a report always serializes")
    }

    /// The same pretty-printed JSON as [`Report::to_json`], written to `w` as
    /// it is produced (a large report is never one string in memory; give a
    /// buffered writer).
    pub fn write_json<W: std::io::Write>(&self, w: W) -> std::io::Result<()> {
        serde_json::to_writer_pretty(w, self).map_err(std::io::Error::from)
    }
}
