import TensorBridge

/// The everyday math ops on the GPU: binary arithmetic and comparisons (float32, float64,
/// int32, int64, broadcasting), unary float ops, `Sum`/`Max`/`Mean` and `MatMul`. For the
/// dtypes it covers, each kernel makes the CPU kernel's argument checks first (the same typed
/// errors, before any launch or copy); it returns `nil` for what it does not cover (other
/// dtypes, before any shape check, so the CPU's own checks run; a broadcast of more than
/// ``MathKernelSource/maxRank`` collapsed dimensions, non-adjacent reduction axes, batch
/// shapes that broadcast both ways), so the op falls back to the CPU under soft placement.
extension CUDABackend {
    /// Registers every math kernel in `table`.
    func registerMathKernels(_ table: inout KernelTable) {
        let binaryOps: [Op<TensorPair, Tensor>] = [Ops.add, Ops.subtract, Ops.multiply, Ops.realDivide, Ops.maximum, Ops.minimum]
        let compareOps: [Op<TensorPair, Tensor>] = [Ops.less, Ops.lessEqual, Ops.greater, Ops.greaterEqual, Ops.equal, Ops.notEqual]
        for op in binaryOps + compareOps {
            guard let stem = (MathKernelSource.arithmetic + MathKernelSource.comparisons).first(where: { $0.op == op.name })?.stem else { continue }
            let compares = compareOps.contains { $0.name == op.name }
            table.register(op) { pair, device in try self.binary(pair, op: op.name, stem: stem, bool: compares, on: device) }
        }
        let unaryOps: [Op<Tensor, Tensor>] = [Ops.negate, Ops.abs, Ops.square, Ops.exp, Ops.log, Ops.sqrt, Ops.rsqrt,
                                              Ops.relu, Ops.sigmoid, Ops.tanh]
        for op in unaryOps {
            guard let stem = MathKernelSource.unary.first(where: { $0.op == op.name })?.stem else { continue }
            table.register(op) { x, device in try self.unary(x, stem: stem, on: device) }
        }
        for op in [Ops.sum, Ops.max, Ops.mean] {
            guard let reduction = ReduceKernelSource.reductions.first(where: { $0.op == op.name }) else { continue }
            table.register(op) { request, device in
                try self.reduce(request, op: op.name, stem: reduction.stem, suffixes: reduction.suffixes, on: device)
            }
        }
        table.register(Ops.matmul) { request, device in try self.matmul(request, on: device) }
    }

    /// Kernel-name suffixes of the dtypes the math kernels cover.
    static let mathSuffixes: [DType: String] = [.float32: "f32", .float64: "f64", .int32: "i32", .int64: "i64"]

    /// A binary element-wise op (a bool result for comparisons).
    func binary(_ pair: TensorPair, op: String, stem: String, bool: Bool, on device: Device) throws -> Tensor? {
        let dtype = try pair.checkedDType(op: op)
        guard let suffix = Self.mathSuffixes[dtype], dtype.isFloatingPoint || MathKernelSource.hasIntegerKernel(stem) else { return nil }
        let geometry = try pair.broadcastGeometry()
        guard let shape = Self.broadcastArgument(geometry) else { return nil }
        let context = try context(for: device)
        let (x, y) = (Self.address(try onDevice(pair.x, device)), Self.address(try onDevice(pair.y, device)))
        let outputDType: DType = bool ? .bool : dtype
        let out = try output(geometry.shape, outputDType, on: device)
        let (dst, count) = (Self.address(out), geometry.shape.elementCount)
        try launch(MathKernelSource.binaryName(stem, suffix), workItems: count, on: context) { args in
            args.add(x)
            args.add(y)
            args.add(dst)
            args.add(UInt64(count))
            args.addBytes(shape, alignment: 8)
        }
        return try Tensor(dtype: outputDType, shape: geometry.shape, buffer: out)
    }

    /// The kernels' `tb_bcast` (dims, x strides, y strides, rank; 64-bit each, padded to
    /// ``MathKernelSource/maxRank``), or `nil` beyond that rank.
    static func broadcastArgument(_ g: BroadcastGeometry) -> [UInt8]? {
        let rank = g.dims.count, pad = MathKernelSource.maxRank - rank
        guard pad >= 0 else { return nil }
        let words = g.dims + Array(repeating: 1, count: pad) + g.xStrides + Array(repeating: 0, count: pad)
            + g.yStrides + Array(repeating: 0, count: pad) + [rank]
        return int64Bytes(words)
    }

    /// Integers as consecutive little-endian 64-bit words (a C struct of `i64`/`u64` fields).
    static func int64Bytes(_ words: [Int]) -> [UInt8] {
        words.flatMap { word in (0..<8).map { UInt8(truncatingIfNeeded: Int64(word) >> (8 * $0)) } }
    }

    /// A unary float op.
    func unary(_ x: Tensor, stem: String, on device: Device) throws -> Tensor? {
        guard x.dtype.isFloatingPoint, let suffix = Self.mathSuffixes[x.dtype] else { return nil }
        let context = try context(for: device)
        let src = Self.address(try onDevice(x, device))
        let out = try output(x.shape, x.dtype, on: device)
        let (dst, count) = (Self.address(out), x.elementCount)
        try launch(MathKernelSource.unaryName(stem, suffix), workItems: count, on: context) { args in
            args.add(src)
            args.add(dst)
            args.add(UInt64(count))
        }
        return try Tensor(dtype: x.dtype, shape: x.shape, buffer: out)
    }

    /// `Sum`, `Max` or `Mean` over one run of adjacent axes: one block per output, or per
    /// chunk of a long run and then one per output over the chunks' partial results.
    func reduce(_ request: ReduceRequest, op: String, stem: String, suffixes: [String], on device: Device) throws -> Tensor? {
        let t = request.tensor
        guard let suffix = Self.mathSuffixes[t.dtype], suffixes.contains(suffix), let size = t.dtype.byteSize,
              let geometry = try request.geometry(op: op) else { return nil }
        let context = try context(for: device)
        var input = Self.address(try onDevice(t, device))
        let out = try output(geometry.shape, t.dtype, on: device)
        let passes = Self.reductionPasses(stem: stem, outer: geometry.outer, reduced: geometry.reduced, inner: geometry.inner,
                                          maxBlocks: context.maxBlocks)
        var partials: TensorBuffer?
        for (index, pass) in passes.enumerated() {
            let target = index == passes.count - 1 ? out : try allocate(byteCount: pass.tasks * size, on: device)
            let destination = Self.address(target)
            let configuration = LaunchConfiguration(gridX: UInt32(min(pass.tasks, context.maxBlocks)), blockX: UInt32(ReduceKernelSource.threads))
            try launch(ReduceKernelSource.name(pass.stem, suffix), configuration: configuration, on: context) { args in
                args.add(input)
                args.add(destination)
                for value in [pass.tasks, pass.chunks, pass.chunk, pass.reduced, pass.inner, pass.count] { args.add(UInt64(value)) }
            }
            input = destination
            partials = target
        }
        // The partials return to the cache now; stream order keeps them alive for the last pass.
        withExtendedLifetime(partials) {}
        return try Tensor(dtype: t.dtype, shape: geometry.shape, buffer: out)
    }

    /// One launch of a reduction kernel: its kernel stem, its tasks (blocks of work: chunk
    /// `t % chunks` of output `t / chunks`), the run it reads and the count `Mean` divides by.
    struct ReductionPass: Equatable {
        let stem: String
        let tasks: Int, chunks: Int, chunk: Int, reduced: Int, inner: Int, count: Int
    }

    /// The launches for a reduction: one, with a block per output, unless a few outputs have
    /// runs longer than `2 * chunkTarget`; then a first pass splits each run into chunks (of
    /// about `chunkTarget` elements, at most enough to give `maxBlocks` blocks) and writes
    /// their partial results, which a second pass folds per output (`Mean` sums first and
    /// divides in the second pass). No pass for no outputs.
    static func reductionPasses(stem: String, outer: Int, reduced: Int, inner: Int, maxBlocks: Int,
                                chunkTarget: Int = 4096) -> [ReductionPass] {
        let outputs = outer * inner
        guard outputs > 0 else { return [] }
        let wanted = reduced > 2 * chunkTarget ? min((reduced + chunkTarget - 1) / chunkTarget, maxBlocks / outputs) : 1
        guard wanted > 1 else {
            return [ReductionPass(stem: stem, tasks: outputs, chunks: 1, chunk: reduced, reduced: reduced, inner: inner, count: reduced)]
        }
        let chunk = (reduced + wanted - 1) / wanted, chunks = (reduced + chunk - 1) / chunk  // every chunk non-empty
        return [ReductionPass(stem: stem == "mean" ? "sum" : stem, tasks: outputs * chunks, chunks: chunks, chunk: chunk,
                              reduced: reduced, inner: inner, count: chunk),
                ReductionPass(stem: stem, tasks: outputs, chunks: 1, chunk: chunks, reduced: chunks, inner: 1, count: reduced)]
    }

    /// `MatMul` / `BatchMatMulV2` for float32 and float64, where each operand's batch is
    /// either the whole output batch or one matrix.
    func matmul(_ request: MatMulRequest, on device: Device) throws -> Tensor? {
        let g = try request.geometry()
        let kernel: String
        switch request.a.dtype {
        case .float32: kernel = MatMulKernelSource.float32
        case .float64: kernel = MatMulKernelSource.float64
        default: return nil
        }
        let batches = g.batch.elementCount
        guard g.batchCountA == batches || g.batchCountA == 1, g.batchCountB == batches || g.batchCountB == 1 else { return nil }
        let context = try context(for: device)
        let a = Self.address(try onDevice(request.a, device)), b = Self.address(try onDevice(request.b, device))
        let out = try output(g.shape, request.a.dtype, on: device)
        let c = Self.address(out)
        let edge = MatMulKernelSource.tile
        let tiles = batches * ((g.m + edge - 1) / edge) * ((g.n + edge - 1) / edge)
        if tiles > 0 {
            let geometry = Self.int64Bytes([g.m, g.n, g.k, g.rowStrideA, g.columnStrideA, g.rowStrideB, g.columnStrideB, batches,
                                            g.batchCountA == 1 ? 0 : g.m * g.k, g.batchCountB == 1 ? 0 : g.k * g.n])
            let configuration = LaunchConfiguration(gridX: UInt32(min(tiles, context.maxBlocks)), blockX: UInt32(edge * edge))
            try launch(kernel, configuration: configuration, on: context) { args in
                args.add(a)
                args.add(b)
                args.add(c)
                args.addBytes(geometry, alignment: 8)
            }
        }
        return try Tensor(dtype: request.a.dtype, shape: g.shape, buffer: out)
    }
}
