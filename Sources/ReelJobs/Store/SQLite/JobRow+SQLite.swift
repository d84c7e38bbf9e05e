import Foundation
import SQLiteNIO

extension JobRow {
    /// Reads a `reel_jobs` row of the SQLite store.
    /// - Parameter row: A row with every column of `reel_jobs`.
    init(sqlite row: SQLiteRow) throws(JobStoreError) {
        func value(_ name: String) throws(JobStoreError) -> SQLiteData {
            guard let value = row.column(name) else { throw .invalid("a job row has no column \(name)") }
            return value
        }
        func text(_ name: String) throws(JobStoreError) -> String {
            guard let text = try value(name).string else { throw .invalid("a job's \(name) is NULL") }
            return text
        }
        func optionalText(_ name: String) throws(JobStoreError) -> String? {
            let value = try value(name)
            return value.isNull ? nil : value.string
        }
        func number(_ name: String) throws(JobStoreError) -> Double {
            guard let number = try value(name).double else { throw .invalid("a job's \(name) is NULL") }
            return number
        }
        func integer(_ name: String) throws(JobStoreError) -> Int {
            guard let integer = try value(name).integer else { throw .invalid("a job's \(name) is NULL") }
            return Int(integer)
        }
        func date(_ name: String) throws(JobStoreError) -> Date {
            Date(timeIntervalSince1970: try number(name))
        }
        func optionalDate(_ name: String) throws(JobStoreError) -> Date? {
            try value(name).double.map(Date.init(timeIntervalSince1970:))
        }
        self.init(
            id: try text("id"), spec: try text("spec"), status: try text("status"), progress: try number("progress"),
            attempts: try integer("attempts"), maxAttempts: try integer("max_attempts"),
            worker: try optionalText("worker"), error: try optionalText("error"), result: try optionalText("result"),
            cancelRequested: try integer("cancel_requested") != 0, idempotencyKey: try optionalText("idempotency_key"),
            owner: try optionalText("owner"),
            createdAt: try date("created_at"), updatedAt: try date("updated_at"),
            startedAt: try optionalDate("started_at"), finishedAt: try optionalDate("finished_at"),
            runAfter: try date("run_after"), leaseExpiresAt: try optionalDate("lease_expires_at"))
    }
}
