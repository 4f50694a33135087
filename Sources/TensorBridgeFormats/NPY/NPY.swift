import Foundation

/// NumPy's `.npy` format (versions 1.0, 2.0 and 3.0): one array per file.
///
/// Reading accepts every descr that maps to a `DType` (big-endian data is swapped),
/// Fortran order, `|S`/`<U` strings (as string tensors) and, when the caller names the
/// dtype, raw `V` items (NumPy's spelling of bfloat16 and float8). Object arrays are pickles
/// and are refused. Writing produces the bytes `np.save` produces.
public enum NPY {
    /// Loads the array in `url`.
    ///
    /// - Parameters:
    ///   - url: The `.npy` file.
    ///   - mmap: When `true`, the file is mapped read-only and the tensor **shares** the mapped
    ///     pages: O(1), no bytes are read until they are touched, and the mapping stays open as
    ///     long as any tensor uses it. Data that must be rearranged (big-endian, Fortran order,
    ///     strings, non-0/1 bools) is copied instead. When `false` the data is read into a new
    ///     host buffer the tensor owns.
    ///   - voidAs: The dtype of raw void items: `.bfloat16` reads `'<V2'` files (how NumPy
    ///     saves `ml_dtypes.bfloat16`), `.float8_e4m3fn`/`.float8_e5m2` read `'<V1'`.
    /// - Throws: `TensorBridgeError` for a malformed, truncated or unsupported file.
    public static func load(_ url: URL, mmap: Bool = false, voidAs: DType? = nil) throws -> Tensor {
        if mmap {
            return try NPYReader.read(MappedSource(file: try MappedFile(url: url)), voidAs: voidAs)
        }
        return try NPYReader.read(try RandomAccessFile(url: url), voidAs: voidAs)
    }

    /// Decodes `.npy` bytes held in memory. The tensor owns a copy of the data.
    public static func decode(_ data: Data, voidAs: DType? = nil) throws -> Tensor {
        try data.withUnsafeBytes { try NPYReader.read(MemorySource(data: $0), voidAs: voidAs) }
    }

    /// Reads only the header of `url`: dtype, shape and data size, without the data.
    /// - Parameters:
    ///   - url: The `.npy` file.
    ///   - name: The name to give the tensor (usually the file's stem).
    ///   - voidAs: As in ``load(_:mmap:voidAs:)``.
    /// - Throws: `TensorBridgeError` for a malformed header or one whose data the file cannot hold.
    public static func readInfo(_ url: URL, name: String, voidAs: DType? = nil) throws -> TensorInfo {
        try NPYReader.info(try RandomAccessFile(url: url), name: name, voidAs: voidAs)
    }

    /// Saves `tensor` with the bytes `np.save` writes. bfloat16 is written as `'<V2'` and
    /// float8 as `'<V1'`, as NumPy does (the dtype's name is lost: read such files back with
    /// `voidAs:`); string tensors as `|S` with the longest string's width (trailing NULs are
    /// lost, as in NumPy).
    ///
    /// The save is atomic: the bytes go to a temporary file in the same directory, which is
    /// then renamed over `url`. Other processes see the old file or the complete new one,
    /// never a partial one, and a failed save leaves the old file untouched.
    /// - `durable: false` (the default, as fast as `np.save`): nothing is synced. After a
    ///   crash of the *process* the file is old or new; after a crash of the *machine* or a
    ///   power loss, the file system may show the old file, the new one, or (on some file
    ///   systems, such as ext4 without `auto_da_alloc`) an empty or partial new one.
    /// - `durable: true`: the temporary file is synced (`fsync`) before the rename and the
    ///   directory after it, so once `save` returns the new file survives a power loss.
    ///
    /// - Throws: `TensorBridgeError` for an unwritable dtype or an I/O failure;
    ///   `TensorBridgeError` (`.notOnHost`) for a tensor on an accelerator.
    public static func save(_ tensor: Tensor, to url: URL, durable: Bool = false) throws {
        let (header, strings) = try NPYWriter.header(for: tensor)
        try AtomicFile.replace(url, durable: durable) { file in
            try file.write(header, at: 0)
            if let strings {
                try file.write(strings, at: header.count)
            } else {
                try tensor.withUnsafeBytes { raw in
                    if let base = raw.baseAddress, raw.count > 0 {
                        try file.write(base, count: raw.count, at: header.count)
                    }
                }
            }
        }
    }

    /// The bytes `np.save` would write for `tensor` (a copy).
    public static func encode(_ tensor: Tensor) throws -> Data {
        Data(try NPYWriter.encode(tensor))
    }
}
