/// One step of a store's schema, applied once, in order, and recorded in `reel_schema_migrations`.
///
/// Migrations are append-only: a released step is never edited; a change is a new step with the
/// next version.
struct StoreMigration: Sendable {
    /// The schema version this step leads to (1, 2, …).
    var version: Int
    /// What the step does, recorded with it.
    var description: String
    /// The statements, run in order inside the migration transaction.
    var statements: [String]
}
