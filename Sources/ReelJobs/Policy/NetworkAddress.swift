#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// An IPv4 or IPv6 address, as far as deciding whether it is on the public internet.
struct NetworkAddress: Sendable, Equatable, CustomStringConvertible {
    /// 4 bytes for IPv4, 16 for IPv6.
    let bytes: [UInt8]

    /// The addresses a host name resolves to (an address literal resolves to itself).
    static func resolve(host: String) -> [NetworkAddress] {
        var hints = addrinfo()
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var list: UnsafeMutablePointer<addrinfo>?
        let name = host.hasPrefix("[") && host.hasSuffix("]") ? String(host.dropFirst().dropLast()) : host
        guard getaddrinfo(name, nil, &hints, &list) == 0 else { return [] }
        defer { freeaddrinfo(list) }
        var result: [NetworkAddress] = []
        var node = list
        while let entry = node?.pointee {
            if entry.ai_family == AF_INET, let address = entry.ai_addr {
                address.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { ipv4 in
                    withUnsafeBytes(of: ipv4.pointee.sin_addr) { result.append(NetworkAddress(bytes: Array($0))) }
                }
            } else if entry.ai_family == AF_INET6, let address = entry.ai_addr {
                address.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { ipv6 in
                    withUnsafeBytes(of: ipv6.pointee.sin6_addr) { result.append(NetworkAddress(bytes: Array($0))) }
                }
            }
            node = entry.ai_next
        }
        return result
    }

    /// Whether the address is a public unicast address: not loopback, link-local, private (RFC 1918,
    /// unique local), carrier-grade NAT, multicast, unspecified or reserved.
    var isPublic: Bool {
        if bytes.count == 16 {
            // IPv4-mapped (::ffff:a.b.c.d) and IPv4-compatible addresses: judge the IPv4 part.
            if bytes[0..<10].allSatisfy({ $0 == 0 }) && (bytes[10..<12] == [0xff, 0xff] || bytes[10..<12] == [0, 0]) {
                if bytes[10..<16].allSatisfy({ $0 == 0 }) || bytes[10..<15].allSatisfy({ $0 == 0 }) { return false }
                return NetworkAddress(bytes: Array(bytes[12..<16])).isPublic
            }
            if bytes[0] & 0xfe == 0xfc { return false }  // fc00::/7 unique local
            if bytes[0] == 0xfe && bytes[1] & 0xc0 == 0x80 { return false }  // fe80::/10 link-local
            if bytes[0] == 0xff { return false }  // multicast
            if bytes[0] == 0x20 && bytes[1] == 0x01 && bytes[2] == 0x0d && bytes[3] == 0xb8 { return false }  // docs
            return true
        }
        guard bytes.count == 4 else { return false }
        let (a, b) = (bytes[0], bytes[1])
        switch a {
        case 0, 10, 127: return false
        case 100 where b & 0xc0 == 64: return false  // 100.64.0.0/10
        case 169 where b == 254: return false
        case 172 where b & 0xf0 == 16: return false
        case 192 where b == 168: return false
        case 192 where b == 0 && bytes[2] == 0: return false
        case 198 where b & 0xfe == 18: return false  // benchmarking
        case 224...255: return false
        default: return true
        }
    }

    var description: String {
        if bytes.count == 4 { return bytes.map(String.init).joined(separator: ".") }
        return stride(from: 0, to: bytes.count, by: 2).map {
            String(UInt16(bytes[$0]) << 8 | UInt16(bytes[$0 + 1]), radix: 16)
        }.joined(separator: ":")
    }
}
