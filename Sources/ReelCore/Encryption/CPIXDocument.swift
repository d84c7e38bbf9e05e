import Foundation
import ReelManifest

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// A DASH-IF CPIX document (Content Protection Information Exchange, version 2.x): the content
/// keys, which tracks each is for, and each DRM system's signalling, as a key server hands them
/// to a packager.
///
/// ```xml
/// <cpix:CPIX xmlns:cpix="urn:dashif:org:cpix" xmlns:pskc="urn:ietf:params:xml:ns:keyprov:pskc">
///   <cpix:ContentKeyList>
///     <cpix:ContentKey kid="01234567-89ab-cdef-0123-456789abcdef" commonEncryptionScheme="cbcs">
///       <cpix:Data><pskc:Secret><pskc:PlainValue>ABEiM0RVZneImaq7zN3u/w==</pskc:PlainValue></pskc:Secret></cpix:Data>
///     </cpix:ContentKey>
///   </cpix:ContentKeyList>
///   <cpix:DRMSystemList>
///     <cpix:DRMSystem kid="01234567-…" systemId="edef8ba9-79d6-4ace-a3c8-27dcd51d21ed">
///       <cpix:PSSH>AAAAW3Bzc2gAAAAA7e+LqXnWSs6jyCfc1R0h7QAAADsIARIQ…</cpix:PSSH>
///     </cpix:DRMSystem>
///   </cpix:DRMSystemList>
///   <cpix:ContentKeyUsageRuleList>
///     <cpix:ContentKeyUsageRule kid="01234567-…" intendedTrackType="VIDEO"/>
///   </cpix:ContentKeyUsageRuleList>
/// </cpix:CPIX>
/// ```
/// Encrypted keys (`pskc:EncryptedValue`, document key delivery) are refused: Reel reads plain
/// values only, so a CPIX document is as secret as the keys it holds.
struct CPIXDocument {
    /// One DRM system's signalling for one key, as the key server gave it.
    struct System: Equatable {
        var keyID: [UInt8]
        /// Lowercase UUID.
        var systemID: String
        /// The whole `pssh` box.
        var pssh: [UInt8]?
        /// The HLS key URI (`URIExtXKey`).
        var hlsURI: String?
    }

    /// The keys, labelled from the usage rules (`video`, `audio`, `sd`, `hd`, `uhd`; nil for all).
    private(set) var keys: [EncryptionOptions.Key] = []
    /// The scheme the document names, if any (`cbcs`, `cenc`).
    private(set) var scheme: String?
    private(set) var systems: [System] = []

    /// Reads a document.
    /// - Parameters:
    ///   - data: The XML.
    ///   - name: Where it came from, for messages.
    /// - Throws: `ReelError.permanent` naming what is missing or wrong (never a key).
    init(data: Data, name: String) throws(ReelError) {
        let reader = Reader()
        let parser = XMLParser(data: data)
        parser.delegate = reader
        parser.shouldProcessNamespaces = true
        guard parser.parse() else {
            throw .permanent("\(name): not a CPIX document: \(parser.parserError.map { "\($0)" } ?? "invalid XML")")
        }
        if let problem = reader.problem { throw .permanent("\(name): \(problem)") }
        guard reader.sawRoot else { throw .permanent("\(name): not a CPIX document (no CPIX element)") }
        var labels: [[UInt8]: String] = [:]
        for (kid, type) in reader.rules {
            guard let label = Self.label(forTrackType: type) else {
                throw .permanent("\(name): ContentKeyUsageRule: unknown intendedTrackType '\(type)'")
            }
            labels[kid] = label
        }
        for (kid, value) in reader.keys {
            guard let key = value, key.count == 16 else {
                throw .permanent(
                    "\(name): ContentKey \(DRMSignal.uuidText(kid)): no 16-byte plain key (PlainValue); encrypted "
                        + "key delivery is not supported")
            }
            keys.append(EncryptionOptions.Key(label: labels[kid], keyID: kid, key: key))
        }
        guard !keys.isEmpty else { throw .permanent("\(name): no ContentKey") }
        scheme = reader.scheme
        systems = reader.systems
    }

    /// A usage rule's `intendedTrackType` as a key label.
    static func label(forTrackType type: String) -> String? {
        switch type.uppercased() {
        case "ALL", "": nil
        case "VIDEO": "video"
        case "AUDIO": "audio"
        case "SD": "sd"
        case "HD": "hd"
        case "UHD", "UHD1", "UHD2": "uhd"
        default: nil
        }
    }

    /// The XML reader: collects keys, rules and systems as the elements go by.
    private final class Reader: NSObject, XMLParserDelegate {
        var sawRoot = false
        var keys: [([UInt8], [UInt8]?)] = []
        var rules: [([UInt8], String)] = []
        var systems: [System] = []
        var scheme: String?
        var problem: String?
        private var text = ""
        private var currentKey: [UInt8]?
        private var currentSystem: System?

        func parser(
            _ parser: XMLParser, didStartElement element: String, namespaceURI: String?, qualifiedName: String?,
            attributes: [String: String] = [:]
        ) {
            text = ""
            switch element {
            case "CPIX": sawRoot = true
            case "ContentKey":
                guard let kid = kid(attributes, element) else { return }
                currentKey = kid
                keys.append((kid, nil))
                if let value = attributes["commonEncryptionScheme"] { scheme = value }
            case "ContentKeyUsageRule":
                guard let kid = kid(attributes, element) else { return }
                rules.append((kid, attributes["intendedTrackType"] ?? ""))
            case "DRMSystem":
                guard let kid = kid(attributes, element) else { return }
                guard let system = attributes["systemId"], Hex.bytes(system)?.count == 16 else {
                    fail("DRMSystem: systemId must be a UUID")
                    return
                }
                currentSystem = System(keyID: kid, systemID: system.lowercased())
            default: break
            }
        }

        func parser(_ parser: XMLParser, foundCharacters string: String) {
            text += string
        }

        func parser(
            _ parser: XMLParser, didEndElement element: String, namespaceURI: String?, qualifiedName: String?
        ) {
            let value = text.trimmingCharacters(in: .whitespacesAndNewlines)
            switch element {
            case "PlainValue":
                if currentKey != nil, let bytes = Data(base64Encoded: value) {
                    keys[keys.count - 1].1 = Array(bytes)
                } else {
                    fail("ContentKey: PlainValue is not base64")
                }
            case "ContentKey": currentKey = nil
            case "PSSH": currentSystem?.pssh = Data(base64Encoded: value).map(Array.init)
            case "URIExtXKey":
                currentSystem?.hlsURI = Data(base64Encoded: value).map { String(decoding: $0, as: UTF8.self) }
            case "DRMSystem":
                if let system = currentSystem { systems.append(system) }
                currentSystem = nil
            default: break
            }
            text = ""
        }

        private func kid(_ attributes: [String: String], _ element: String) -> [UInt8]? {
            guard let text = attributes["kid"], let kid = Hex.bytes(text), kid.count == 16 else {
                fail("\(element): kid must be a UUID")
                return nil
            }
            return kid
        }

        private func fail(_ message: String) {
            if problem == nil { problem = message }
        }
    }
}
