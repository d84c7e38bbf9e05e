import Foundation

/// Whatever arrives at the S3 hook: an S3 or MinIO event notification, or an SNS envelope
/// (subscription confirmation, notification wrapping an S3 event, unsubscribe confirmation).
public enum S3HookMessage: Sendable, Equatable {
    /// Uploads to package (possibly none, for events that are not object creations).
    case uploads([UploadNotice])
    /// SNS asks to confirm the subscription by fetching this URL.
    case confirmSubscription(url: String, topic: String)
    /// A message that needs no action (`s3:TestEvent`, an unsubscribe confirmation).
    case ignore(String)

    /// Parses a hook body; SNS bodies come as `text/plain`, so the content type is not trusted.
    /// - Parameter body: The request body.
    /// - Throws: `HookError` naming the malformed field.
    public init(parsing body: [UInt8]) throws(HookError) {
        let parsed: Any
        do {
            parsed = try JSONSerialization.jsonObject(with: Data(body))
        } catch {
            throw HookError("S3 hook: the body is not valid JSON")
        }
        guard let object = parsed as? [String: Any] else { throw HookError("S3 hook: the body is not a JSON object") }
        if let type = object["Type"] as? String, object["TopicArn"] != nil {
            try self.init(sns: object, type: type)
            return
        }
        let event = try S3EventNotification(json: object)
        self = event.isTestEvent ? .ignore("s3:TestEvent") : .uploads(event.uploads)
    }

    private init(sns object: [String: Any], type: String) throws(HookError) {
        let topic = object["TopicArn"] as? String ?? ""
        switch type {
        case "SubscriptionConfirmation":
            guard let url = object["SubscribeURL"] as? String, !url.isEmpty else {
                throw HookError("SNS SubscriptionConfirmation: missing \"SubscribeURL\"")
            }
            self = .confirmSubscription(url: url, topic: topic)
        case "Notification":
            guard let message = object["Message"] as? String else {
                throw HookError("SNS Notification: missing \"Message\"")
            }
            let inner: Any
            do {
                inner = try JSONSerialization.jsonObject(with: Data(message.utf8))
            } catch {
                throw HookError("SNS Notification: \"Message\" is not a JSON S3 event")
            }
            guard let event = inner as? [String: Any] else {
                throw HookError("SNS Notification: \"Message\" is not a JSON object")
            }
            let notification = try S3EventNotification(json: event)
            self = notification.isTestEvent ? .ignore("s3:TestEvent") : .uploads(notification.uploads)
        case "UnsubscribeConfirmation":
            self = .ignore("SNS UnsubscribeConfirmation")
        default:
            throw HookError("SNS: unknown message type \"\(type)\"")
        }
    }
}
