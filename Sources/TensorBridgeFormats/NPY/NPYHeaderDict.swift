/// A parser for the tiny subset of Python literal syntax `.npy` headers use: one dict with
/// string keys, a string descr, `True`/`False`, and a tuple of non-negative integers.
/// Anything else (lists for structured dtypes, nested tuples) is refused.
enum NPYHeaderDict {
    static func parse(_ text: String) throws -> NPYHeader {
        var p = Scanner(Array(text.unicodeScalars))
        var descr: String?, fortran: Bool?, shape: [Int]?
        try p.expect("{")
        while true {
            p.skipSpace()
            if p.take("}") { break }
            let key = try p.string()
            try p.expect(":")
            switch key {
            case "descr":
                p.skipSpace()
                if p.peek == "[" { throw TensorBridgeError.unsupportedDType("structured .npy dtypes are not supported") }
                descr = try p.string()
            case "fortran_order":
                fortran = try p.bool()
            case "shape":
                shape = try p.tuple()
            default:
                throw TensorBridgeError.invalidFormat(".npy header has an unexpected key '\(key)'")
            }
            p.skipSpace()
            if p.take(",") { continue }
            p.skipSpace()
            try p.expect("}")
            break
        }
        p.skipSpace()
        guard p.atEnd else { throw TensorBridgeError.invalidFormat(".npy header has text after the dict") }
        guard let descr, let fortran, let shape else {
            throw TensorBridgeError.invalidFormat(".npy header must have 'descr', 'fortran_order' and 'shape'")
        }
        return NPYHeader(descr: try NPYDescr(parsing: descr), fortranOrder: fortran, shape: shape)
    }

    private struct Scanner {
        let chars: [Unicode.Scalar]
        var i = 0
        init(_ chars: [Unicode.Scalar]) { self.chars = chars }

        var atEnd: Bool { i >= chars.count }
        var peek: Unicode.Scalar? { i < chars.count ? chars[i] : nil }

        mutating func skipSpace() {
            while let c = peek, c == " " || c == "\n" || c == "\t" || c == "\r" { i += 1 }
        }

        mutating func take(_ c: Unicode.Scalar) -> Bool {
            if peek == c { i += 1; return true }
            return false
        }

        mutating func expect(_ c: Unicode.Scalar) throws {
            skipSpace()
            guard take(c) else { throw TensorBridgeError.invalidFormat(".npy header: expected '\(c)' at character \(i)") }
        }

        mutating func string() throws -> String {
            skipSpace()
            guard let quote = peek, quote == "'" || quote == "\"" else {
                throw TensorBridgeError.invalidFormat(".npy header: expected a string at character \(i)")
            }
            i += 1
            var out = String.UnicodeScalarView()
            while let c = peek, c != quote {
                guard c != "\\" else { throw TensorBridgeError.invalidFormat(".npy header: escapes in strings are not supported") }
                out.append(c)
                i += 1
            }
            guard take(quote) else { throw TensorBridgeError.invalidFormat(".npy header: unterminated string") }
            return String(out)
        }

        mutating func bool() throws -> Bool {
            skipSpace()
            for (word, value) in [("True", true), ("False", false)] {
                let w = Array(word.unicodeScalars)
                if i + w.count <= chars.count, Array(chars[i..<(i + w.count)]) == w {
                    i += w.count
                    return value
                }
            }
            throw TensorBridgeError.invalidFormat(".npy header: fortran_order must be True or False")
        }

        mutating func tuple() throws -> [Int] {
            try expect("(")
            var dims: [Int] = []
            while true {
                skipSpace()
                if take(")") { break }
                var digits = 0
                var value = 0
                while let c = peek, c.properties.numericType != nil, c.isASCII, let d = Int(String(c)) {
                    let (m, o1) = value.multipliedReportingOverflow(by: 10)
                    let (a, o2) = m.addingReportingOverflow(d)
                    guard !o1, !o2 else { throw TensorBridgeError.invalidFormat(".npy header: a dimension overflows") }
                    value = a
                    digits += 1
                    i += 1
                }
                // Python 2 era writers put an L after longs.
                _ = take("L")
                guard digits > 0 else { throw TensorBridgeError.invalidFormat(".npy header: shape must be a tuple of non-negative integers") }
                dims.append(value)
                guard dims.count <= 64 else { throw TensorBridgeError.limitExceeded(".npy header: more than 64 dimensions") }
                skipSpace()
                if take(",") { continue }
                try expect(")")
                break
            }
            return dims
        }
    }
}
