import Foundation
import Hummingbird
import NIOCore

/// Who is calling the API: the id, scopes and tenant of the token presented (never the token).
struct APICaller: Sendable, Equatable {
    /// The token's id, for logs, metrics and rate limits.
    let id: String
    /// What the token may do.
    let scopes: Set<APIScope>
    /// The tenant whose jobs the caller sees and owns, or nil.
    let tenant: String?

    /// The caller presenting a token.
    /// - Parameter token: The configured token.
    init(_ token: APIToken) {
        id = token.id
        scopes = token.scopes
        tenant = token.tenant
    }

    /// Whether the caller sees every job: an `admin` token, or one without a tenant.
    var seesAllJobs: Bool { scopes.contains(.admin) || tenant == nil }

    /// The owner of jobs the caller creates.
    var ownerOfNewJobs: String? { tenant }

    /// The scope a request with this method needs: `read` for GET and HEAD, `write` otherwise.
    /// - Parameter method: The request method.
    static func scope(for method: HTTPRequest.Method) -> APIScope {
        method == .get || method == .head ? .read : .write
    }

    /// Whether the caller holds a scope (`admin` holds all of them).
    /// - Parameter scope: The scope needed.
    func holds(_ scope: APIScope) -> Bool { scopes.contains(scope) || scopes.contains(.admin) }
}

/// The request context of `reel serve`: Hummingbird's core context, the client's address and the
/// authenticated caller (kept in a shared box, so the access log, which wraps the authentication,
/// can name the token id after the request).
struct ReelRequestContext: JobCallerContext {
    var coreContext: CoreRequestContextStorage
    /// The client's IP address, when known.
    let clientAddress: String?
    let facts = RequestFacts()

    init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        clientAddress = source.channel.remoteAddress?.ipAddress
    }

    /// The authenticated caller, or nil before authentication and on routes without it.
    var caller: APICaller? { facts.caller }
    var jobOwner: String? { caller?.ownerOfNewJobs }
    var seesAllJobs: Bool { caller?.seesAllJobs ?? true }
}

/// What the middlewares learn about a request, readable by the ones that wrap them.
final class RequestFacts: @unchecked Sendable {
    private let lock = NSLock()
    private var _caller: APICaller?

    /// The authenticated caller.
    var caller: APICaller? {
        get { lock.withLock { _caller } }
        set { lock.withLock { _caller = newValue } }
    }
}
