extension Int {
    /// `Ceil(Log2(self))` of a positive number (ITU-T H.264 and H.265 5.7): the width of the `u(v)` elements
    /// that index one of `self` things. 0 for 1.
    var ceilLog2: Int {
        var bits = 0
        while 1 << bits < self { bits += 1 }
        return bits
    }
}
