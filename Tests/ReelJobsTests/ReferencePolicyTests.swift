import Foundation
import XCTest

@testable import ReelCore
@testable import ReelJobs

/// One strict policy for every reference: control characters in any encoding, dot segments,
/// symbolic links and URL tricks never get a reference past the allow-list.
final class ReferencePolicyTests: XCTestCase {
    private var root: URL!
    private var allowed: URL!
    private var outside: URL!

    override func setUpWithError() throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("reel-refs-\(UUID().uuidString)")
        allowed = root.appendingPathComponent("allowed")
        outside = root.appendingPathComponent("outside")
        for directory in [allowed!, outside!, allowed.appendingPathComponent("sub")] {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        }
        try Data("secret".utf8).write(to: outside.appendingPathComponent("secret.mp4"))
        try Data("media".utf8).write(to: allowed.appendingPathComponent("s.mp4"))
        let links: [(String, URL)] = [
            ("file-link.mp4", outside.appendingPathComponent("secret.mp4")),
            ("dir-link", outside),
            ("relative-link", URL(fileURLWithPath: "../outside")),
            ("up-link", root),
        ]
        for (name, target) in links {
            try FileManager.default.createSymbolicLink(
                atPath: allowed.appendingPathComponent(name).path,
                withDestinationPath: target.path.hasPrefix("/") ? target.path : target.relativePath)
        }
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: root)
    }

    private var policy: SourcePolicy { SourcePolicy(allowedPrefixes: [allowed.path + "/", "s3://uploads/"]) }

    func testControlCharactersAreRefusedInEveryEncoding() {
        let a = allowed.path
        let o = outside.path
        for reference in [
            "\(o)/secret.mp4\u{0}/../../allowed/s.mp4", "\(a)/s.mp4\u{0}", "\(a)/s\n.mp4", "\(a)/s\r.mp4",
            "\(a)/\u{1B}[31m.mp4", "\(a)/s\u{7F}.mp4", "\(a)/s\u{85}.mp4", "\(a)/s\u{2028}.mp4",
            "file://\(o)/secret.mp4%00/../../allowed/s.mp4", "file://\(a)/s.mp4%00", "file://\(a)/s%0a.mp4",
            "file://\(a)/s%0D.mp4", "file://\(a)/s%2500.mp4", "file://\(a)/s%252500.mp4", "file://\(a)/s%c2%85.mp4",
            "\(a)/s%00.mp4", "s3://uploads/a%00.mp4", "s3://uploads/a\u{0}.mp4", "https://example.com/a%00.mp4",
            "https://example.com/a.mp4\u{0}", "https://exa\u{0}mple.com/a.mp4",
        ] {
            XCTAssertThrowsError(try policy.admit(reference), reference.debugDescription) { error in
                let refusal = error as? ReferenceRefusal
                XCTAssertEqual(refusal?.kind, .malformed, "\(reference.debugDescription): \(error)")
                XCTAssertFalse(SafeText.containsControl("\(error)"), "\(error)")
            }
        }
    }

    func testPathsAreResolvedBeforeTheAllowListAndTheCanonicalPathIsKept() throws {
        let a = allowed.path
        let o = outside.path
        let canonicalAllowed = URL(fileURLWithPath: a).resolvingSymlinksInPath().path
        XCTAssertEqual(try policy.admit("\(a)/s.mp4"), canonicalAllowed + "/s.mp4")
        XCTAssertEqual(try policy.admit("\(a)/./sub/../s.mp4"), canonicalAllowed + "/s.mp4")
        XCTAssertEqual(try policy.admit("file://\(a)/s.mp4"), canonicalAllowed + "/s.mp4")
        XCTAssertEqual(try policy.admit("file://\(a)/%73.mp4"), canonicalAllowed + "/s.mp4")
        XCTAssertEqual(try policy.admit("\(a)//s.mp4"), canonicalAllowed + "/s.mp4")
        // A file that does not exist yet inside the allowed directory is still inside it.
        XCTAssertEqual(try policy.admit("\(a)/later.mp4"), canonicalAllowed + "/later.mp4")
        for reference in [
            "\(a)/../outside/secret.mp4", "\(a)/sub/../../outside/secret.mp4", "file://\(a)/%2e%2e/outside/secret.mp4",
            "file://\(a)/%2E%2E/outside/secret.mp4", "file://\(a)/..%2foutside/secret.mp4",
            "\(a)/file-link.mp4", "\(a)/dir-link/secret.mp4", "\(a)/relative-link/secret.mp4",
            "\(a)/up-link/outside/secret.mp4", "\(a)/dir-link/../allowed/../outside/secret.mp4",
            "\(a)/nothing/../../outside/secret.mp4", "\(o)/secret.mp4", "\(o)/missing.mp4", "/etc/passwd",
            "file://localhost\(a)/s.mp4", "file://\(o)/secret.mp4", "\(a)x/s.mp4", "\(a)/sub/../../allowedx/s.mp4",
        ] {
            XCTAssertThrowsError(try policy.admit(reference), reference) { error in
                let text = "\(error)"
                XCTAssertNotEqual((error as? ReferenceRefusal)?.kind, .unresolvable, text)
                XCTAssertFalse(text.contains("exist"), "a refusal must not say whether the target exists: \(text)")
                XCTAssertFalse(text.contains("media file"), text)
            }
        }
        // A refusal reads the same whether or not the target exists.
        func message(_ reference: String) -> String {
            do {
                _ = try policy.admit(reference)
                return ""
            } catch {
                return error.message.replacingOccurrences(of: reference, with: "REF")
            }
        }
        XCTAssertEqual(message("\(o)/secret.mp4"), message("\(o)/missing.mp4"))
        XCTAssertEqual(message("\(a)/dir-link/secret.mp4"), message("\(a)/../outside/secret.mp4"))
    }

    func testTheLinkInsideTheAllowedDirectoryIsRefusedWhenItPointsInside() throws {
        // A link from one allowed place to another is fine: the job then reads the target.
        try FileManager.default.createSymbolicLink(
            atPath: allowed.appendingPathComponent("inside-link.mp4").path,
            withDestinationPath: allowed.appendingPathComponent("s.mp4").path)
        let canonical = try policy.admit(allowed.appendingPathComponent("inside-link.mp4").path)
        XCTAssertEqual(canonical, URL(fileURLWithPath: allowed.path).resolvingSymlinksInPath().path + "/s.mp4")
    }

    func testTheCheckedPathIsOpenedWithoutFollowingALinkSwappedInLater() throws {
        let checked = try policy.admit(allowed.appendingPathComponent("s.mp4").path)
        var options = MediaSourceOptions()
        options.requiresCanonicalPaths = true
        XCTAssertNoThrow(try MediaSource(uri: checked).contentID(options: options))
        // The file is replaced by a link to a secret after the check.
        try FileManager.default.removeItem(atPath: checked)
        try FileManager.default.createSymbolicLink(
            atPath: checked, withDestinationPath: outside.appendingPathComponent("secret.mp4").path)
        XCTAssertThrowsError(try MediaSource(uri: checked).contentID(options: options)) { error in
            XCTAssertTrue("\(error)".contains("symbolic link"), "\(error)")
        }
        // A directory on the way swapped for a link is caught too.
        let sub = allowed.appendingPathComponent("sub")
        try Data("media".utf8).write(to: sub.appendingPathComponent("t.mp4"))
        let checkedInSub = try policy.admit(sub.appendingPathComponent("t.mp4").path)
        try FileManager.default.removeItem(at: sub)
        try FileManager.default.createSymbolicLink(atPath: sub.path, withDestinationPath: outside.path)
        try Data("secret".utf8).write(to: outside.appendingPathComponent("t.mp4"))
        XCTAssertThrowsError(try MediaSource(uri: checkedInSub).contentID(options: options))
    }

    func testS3KeysMayNotClimbOutOfTheirBucket() throws {
        XCTAssertEqual(try policy.admit("s3://uploads/in/a b.mp4"), "s3://uploads/in/a b.mp4")
        for reference in [
            "s3://uploads/../private/a.mp4", "s3://uploads/in/../../private/a.mp4", "s3://uploads/./a.mp4",
            "s3://uploads//a.mp4", "s3://up..loads/a.mp4", "s3://uploads-x/a.mp4", "s3://private/uploads/a.mp4",
        ] {
            XCTAssertThrowsError(try policy.admit(reference), reference)
        }
        let folder = SourcePolicy(allowedPrefixes: ["s3://uploads/in/"])
        XCTAssertNoThrow(try folder.admit("s3://uploads/in/a.mp4"))
        XCTAssertThrowsError(try folder.admit("s3://uploads/inbox/a.mp4"))
    }

    func testWebAddressesAreNormalised() throws {
        XCTAssertEqual(
            try WebAddress("HTTPS://Media.Example.COM:443/a/./b/../c%2e%6D%70%34").description,
            "https://media.example.com/a/c.mp4")
        XCTAssertEqual(try WebAddress("http://h:8080//sns//x/").description, "http://h:8080/sns/x/")
        XCTAssertEqual(try WebAddress("https://h/sns/%2e%2e/admin?x=1#f").description, "https://h/admin?x=1")
        XCTAssertEqual(try WebAddress("https://h/sns/.%2E/admin").description, "https://h/admin")
        XCTAssertEqual(try WebAddress("https://h/a%7e%41%c3%a9").description, "https://h/a~A%C3%A9")
        XCTAssertEqual(try WebAddress("https://h/../../x").description, "https://h/x")
        XCTAssertEqual(try WebAddress("https://h.").description, "https://h/")
        XCTAssertEqual(try WebAddress("http://[::1]:80/").description, "http://[::1]/")
        for url in [
            "https://user:pw@h/", "https://h@evil.org/", "https://h\\@evil.org/", "https://h/a%2fb", "https://h/a%5Cb",
            "https://h/%252e%252e/x", "https://h/%252f", "https://h:0/", "https://h:99999/", "https://h:8a/",
            "ftp://h/", "https:///x", "https://h/a b", "https://[::1/", "https://h/%zz", "https://h%2e/",
            "https://h/a%00", "https://h/a\u{0}b", "javascript://h/", "https://h:/",
        ] {
            XCTAssertThrowsError(try WebAddress(url), url)
        }
    }

    func testHTTPSourcesAreMatchedInNormalForm() throws {
        let web = SourcePolicy(allowedPrefixes: ["https://media.example.com/in/"], allowPrivateNetworks: true)
        XCTAssertEqual(
            try web.admit("https://MEDIA.example.com:443/in/./a.mp4"), "https://media.example.com/in/a.mp4")
        for url in [
            "https://media.example.com/in/../other/a.mp4", "https://media.example.com/in/%2e%2e/other/a.mp4",
            "https://media.example.com/in/..%2Fother/a.mp4", "https://media.example.com.evil.org/in/a.mp4",
            "https://media.example.com@evil.org/in/a.mp4", "https://evil.org@media.example.com/in/a.mp4",
            "https://media.example.com:8443/in/a.mp4", "http://media.example.com/in/a.mp4",
            "https://media.example.com/inbox/a.mp4",
        ] {
            XCTAssertThrowsError(try web.admit(url), url)
        }
    }

    func testCallbacksFollowThePrivateNetworkRuleAndArePinned() throws {
        let strict = SourcePolicy()
        for url in [
            "http://127.0.0.1:9/cb", "http://localhost/cb", "http://[::1]/cb", "http://0x7f000001/cb",
            "http://2130706433/cb", "http://169.254.169.254/latest/meta-data", "http://10.0.0.1/cb",
            "http://[::ffff:127.0.0.1]/cb", "http://0.0.0.0/cb",
        ] {
            XCTAssertThrowsError(try strict.checkCallback(url), url) { error in
                XCTAssertEqual((error as? ReferenceRefusal)?.kind, .privateNetwork, "\(url): \(error)")
                XCTAssertTrue("\(error)".contains("allow_private_networks"), "\(error)")
                XCTAssertTrue("\(error)".contains("--allow-private-networks"), "\(error)")
            }
        }
        XCTAssertThrowsError(try strict.checkCallback("http://user:pw@93.184.216.34/cb")) { error in
            XCTAssertEqual((error as? ReferenceRefusal)?.kind, .malformed)
        }
        let checked = try strict.checkCallback("HTTP://93.184.216.34/a/../cb")
        XCTAssertEqual(checked.address.description, "http://93.184.216.34/cb")
        XCTAssertEqual(checked.resolveEntries, ["93.184.216.34:80:93.184.216.34"])
        let open = SourcePolicy(allowPrivateNetworks: true)
        XCTAssertEqual(try open.checkCallback("http://127.0.0.1:9/cb").resolveEntries, [])
    }

    func testRefusedSourcesNameTheSettingsThatWouldAllowThem() {
        XCTAssertThrowsError(try policy.admit("/etc/passwd")) { error in
            let text = "\(error)"
            XCTAssertTrue(text.contains("allow_sources") && text.contains("--allow-source"), text)
        }
        XCTAssertThrowsError(try SourcePolicy().admit("http://127.0.0.1/a.mp4")) { error in
            let text = "\(error)"
            XCTAssertTrue(text.contains("allow_private_networks") && text.contains("--allow-private-networks"), text)
        }
    }
}
