import Foundation

/// What an API token may do: `read` (GET), `write` (POST and DELETE of its jobs), `admin` (both,
/// and every tenant's jobs).
enum APIScope: String, Sendable, CaseIterable, Comparable {
    case read, write, admin

    static func < (lhs: APIScope, rhs: APIScope) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}

/// One bearer token of the API: an id (for logs, metrics and rate limits — the token itself is
/// never shown), its scopes and an optional tenant whose jobs alone it sees.
///
/// Written as a plain token (an `admin` token without a tenant, as before scopes existed), as
/// `ID:SCOPES[:TENANT]=TOKEN` with scopes joined by `+` (`app1:read+write:app1=…`), or in YAML as
/// `{id: app1, token: …, scopes: [read, write], tenant: app1}`.
public struct APIToken: Sendable, Equatable, CustomStringConvertible {
    /// The shortest token accepted in the scoped forms.
    static let minimumLength = 16
    /// The longest token or secret accepted.
    static let maximumLength = 1024

    /// The name of the token in logs and metrics.
    var id: String
    /// The secret the caller presents as `Authorization: Bearer`.
    public var token: String
    /// What the token may do.
    var scopes: Set<APIScope>
    /// The tenant whose jobs the token sees and owns, or nil for all jobs.
    var tenant: String?
    /// Whether the token was written in a scoped form (then it must be at least `minimumLength` long).
    var isScoped: Bool

    /// Creates a token.
    /// - Parameters:
    ///   - id: The name in logs and metrics.
    ///   - token: The secret.
    ///   - scopes: What it may do.
    ///   - tenant: The tenant, or nil.
    init(id: String, token: String, scopes: Set<APIScope>, tenant: String? = nil) {
        self.id = id
        self.token = token
        self.scopes = scopes
        self.tenant = tenant
        isScoped = true
    }

    /// A plain token: `admin`, no tenant, named by its position (`token-1`, `token-2`, …).
    /// - Parameters:
    ///   - token: The secret.
    ///   - position: Its 1-based position among the configured tokens.
    init(plain token: String, position: Int) {
        self.init(id: "token-\(position)", token: token, scopes: [.admin])
        isScoped = false
    }

    /// Parses a plain token or the compact `ID:SCOPES[:TENANT]=TOKEN` form.
    /// - Parameters:
    ///   - text: The token as written.
    ///   - position: Its 1-based position (the id of a plain token).
    /// - Throws: `ServiceConfiguration.LoadError` for an unknown scope or a malformed id.
    init(parsing text: String, position: Int) throws(ServiceConfiguration.LoadError) {
        let pattern = #"^([^:=\s]+):([a-z]+(?:\+[a-z]+)*)(?::([^:=\s]+))?=(.*)$"#
        guard let match = text.range(of: pattern, options: .regularExpression),
            match == text.startIndex..<text.endIndex,
            let equals = text.firstIndex(of: "=")
        else {
            self.init(plain: text, position: position)
            return
        }
        let head = text[..<equals].split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        let scopes = try Self.scopes(head[1].split(separator: "+").map(String.init), of: head[0])
        self.init(
            id: head[0], token: String(text[text.index(after: equals)...]), scopes: scopes,
            tenant: head.count > 2 ? head[2] : nil)
    }

    /// Builds a token from a YAML mapping (`id`, `token`, `scopes`, `tenant`).
    /// - Parameter map: The mapping.
    /// - Throws: `ServiceConfiguration.LoadError` naming the missing or wrong key.
    init(mapping map: [String: Any]) throws(ServiceConfiguration.LoadError) {
        let known: Set<String> = ["id", "token", "scopes", "tenant"]
        if let unknown = map.keys.sorted().first(where: { !known.contains($0) }) {
            throw .init(message: "unknown key '\(unknown)' (keys: id, token, scopes, tenant)")
        }
        guard let id = map["id"].map({ "\($0)" }), !id.isEmpty else { throw .init(message: "a token needs an id") }
        guard let token = map["token"].map({ "\($0)" }) else { throw .init(message: "token '\(id)' has no token") }
        let names: [String]
        switch map["scopes"] {
        case let list as [Any]: names = list.map { "\($0)" }
        case let text as String: names = text.split(whereSeparator: { $0 == "," || $0 == "+" }).map(String.init)
        default: throw .init(message: "token '\(id)' needs scopes (read, write, admin)")
        }
        self.init(id: id, token: token, scopes: try Self.scopes(names, of: id), tenant: map["tenant"].map { "\($0)" })
    }

    private static func scopes(_ names: [String], of id: String) throws(ServiceConfiguration.LoadError) -> Set<APIScope>
    {
        var scopes: Set<APIScope> = []
        for name in names {
            let trimmed = name.trimmingCharacters(in: .whitespaces)
            guard let scope = APIScope(rawValue: trimmed) else {
                throw .init(message: "token '\(id)': unknown scope '\(trimmed)' (scopes: read, write, admin)")
            }
            scopes.insert(scope)
        }
        guard !scopes.isEmpty else { throw .init(message: "token '\(id)' needs scopes (read, write, admin)") }
        return scopes
    }

    /// The id, scopes and tenant — never the token.
    public var description: String {
        let names = scopes.sorted().map(\.rawValue).joined(separator: "+")
        return "\(id) (\(names)\(tenant.map { ", tenant \($0)" } ?? ""))"
    }

    /// Why the token cannot be used, or nil.
    func problem() -> String? {
        let name = "API token '\(id)'"
        if token.isEmpty { return "\(name) is empty" }
        if let problem = ServiceConfiguration.secretProblem(token) { return "\(name) \(problem)" }
        if isScoped && token.count < Self.minimumLength {
            return "\(name) is shorter than \(Self.minimumLength) characters"
        }
        let idPattern = #"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$"#
        if id.range(of: idPattern, options: .regularExpression) == nil {
            return "\(name): an id is 1 to 64 letters, digits, '.', '_' or '-'"
        }
        if let tenant, tenant.range(of: idPattern, options: .regularExpression) == nil {
            return "\(name): tenant '\(tenant)' must be 1 to 64 letters, digits, '.', '_' or '-'"
        }
        return nil
    }
}
