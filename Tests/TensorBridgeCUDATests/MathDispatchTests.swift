import Synchronization
import Testing
import TensorBridge
@testable import TensorBridgeCUDA

extension FakeDriverBackendTests {
    /// The math ops over the fake driver: GPU tensors stay on the GPU (no copies), each op
    /// launches its kernel with the expected grid and parameters, what the kernels do not
    /// cover falls back with counted copies, and bad arguments throw the CPU's errors before
    /// any launch.
    @Suite struct MathDispatch {
        /// One launch as the fake recorded it.
        struct Launch: Equatable, CustomStringConvertible {
            let kernel: String, configuration: LaunchConfiguration, parameters: Int
            var description: String { "\(kernel) grid \(configuration.gridX) block \(configuration.blockX) params \(parameters)" }
        }

        func launches(_ fake: FakeCUDADriver) -> [Launch] {
            fake.state.withLock { s in s.launches.map { Launch(kernel: s.functions[$0.function] ?? "?", configuration: $0.configuration, parameters: $0.parameterCount) } }
        }

        /// Zeros made on the GPU (by its fill kernel).
        func gpu(_ dtype: DType, shape: [Int]) throws -> Tensor {
            try withDevice(.gpu) { try Tensor.zeros(shape: shape, dtype: dtype) }
        }

        /// Runs `body` on GPU tensors, expecting no copy, a GPU result and exactly `expected`.
        func expectOnGPU(_ fake: FakeCUDADriver, _ expected: Launch, dtype: DType, shape: [Int],
                         sourceLocation: SourceLocation = #_sourceLocation, _ body: () throws -> Tensor) throws {
            try expectOnGPU(fake, [expected], dtype: dtype, shape: shape, sourceLocation: sourceLocation, body)
        }

        /// The same, with several launches.
        func expectOnGPU(_ fake: FakeCUDADriver, _ expected: [Launch], dtype: DType, shape: [Int],
                         sourceLocation: SourceLocation = #_sourceLocation, _ body: () throws -> Tensor) throws {
            fake.resetLaunches()
            let (result, stats) = try TransferStats.measure(body)
            #expect(stats == TransferStats(), "\(expected) copied: \(stats)", sourceLocation: sourceLocation)
            #expect(result.device == .gpu && result.dtype == dtype && result.shape.dimensions == shape,
                    "\(expected): \(result.device) \(result.dtype) \(result.shape)", sourceLocation: sourceLocation)
            #expect(launches(fake) == expected, sourceLocation: sourceLocation)
        }

        func linear(_ kernel: String, _ count: Int, parameters: Int) -> Launch {
            Launch(kernel: kernel, configuration: LaunchConfiguration(gridX: UInt32((count + 255) / 256), blockX: 256), parameters: parameters)
        }

        @Test func binaryOpsAndComparisonsRunTheirKernelForEachDType() throws {
            try withFakeGPU { _, fake in
                let arithmetic: [(String, (Tensor, Tensor) throws -> Tensor)] = [
                    ("add", { try $0 + $1 }), ("sub", { try $0 - $1 }), ("mul", { try $0 * $1 }), ("div", { try Ops.realDivide($0, $1) }),
                    ("maximum", { try $0.maximum($1) }), ("minimum", { try $0.minimum($1) }),
                ]
                let comparisons: [(String, (Tensor, Tensor) throws -> Tensor)] = [
                    ("less", { try $0.less($1) }), ("less_equal", { try $0.lessEqual($1) }), ("greater", { try $0.greater($1) }),
                    ("greater_equal", { try $0.greaterEqual($1) }), ("equal", { try $0.equal($1) }), ("not_equal", { try $0.notEqual($1) }),
                ]
                for (dtype, suffix) in [(DType.float32, "f32"), (.float64, "f64"), (.int32, "i32"), (.int64, "i64")] {
                    let x = try gpu(dtype, shape: [64, 64]), y = try gpu(dtype, shape: [64, 64])
                    for (stem, op) in arithmetic where stem != "div" || dtype.isFloatingPoint {
                        try expectOnGPU(fake, linear("tb_\(stem)_\(suffix)", 4096, parameters: 5), dtype: dtype, shape: [64, 64]) { try op(x, y) }
                    }
                    for (stem, op) in comparisons {
                        try expectOnGPU(fake, linear("tb_\(stem)_\(suffix)", 4096, parameters: 5), dtype: .bool, shape: [64, 64]) { try op(x, y) }
                    }
                }
            }
        }

        @Test func broadcastingPassesCollapsedDimensionsAndStrides() throws {
            try withFakeGPU { _, fake in
                let x = try gpu(.float32, shape: [4, 1, 3]), y = try gpu(.float32, shape: [5, 1])
                try expectOnGPU(fake, linear("tb_add_f32", 60, parameters: 5), dtype: .float32, shape: [4, 5, 3]) { try x + y }
                let g = try TensorPair(x, y).broadcastGeometry()
                #expect(g.dims == [4, 5, 3] && g.xStrides == [3, 0, 1] && g.yStrides == [0, 1, 0])
                let bytes = try #require(CUDABackend.broadcastArgument(g))
                #expect(bytes.count == 25 * 8)
                let words = bytes.withUnsafeBytes { raw in (0..<25).map { raw.loadUnaligned(fromByteOffset: $0 * 8, as: Int64.self) } }
                #expect(Array(words[0..<8]) == [4, 5, 3, 1, 1, 1, 1, 1])
                #expect(Array(words[8..<16]) == [3, 0, 1, 0, 0, 0, 0, 0])
                #expect(Array(words[16..<24]) == [0, 1, 0, 0, 0, 0, 0, 0])
                #expect(words[24] == 3)
                // A scalar against a matrix: one dimension, the scalar's stride 0.
                let s = try gpu(.float32, shape: [])
                let scalar = try TensorPair(x, s).broadcastGeometry()
                #expect(scalar.dims == [12] && scalar.xStrides == [1] && scalar.yStrides == [0])
                try expectOnGPU(fake, linear("tb_mul_f32", 12, parameters: 5), dtype: .float32, shape: [4, 1, 3]) { try x * s }
            }
        }

        @Test func aHostOperandIsCopiedToTheGPUOnceAndTheOpStaysThere() throws {
            try withFakeGPU { _, fake in
                let x = try gpu(.float32, shape: [3, 4])
                fake.resetLaunches()
                // The literal becomes a host scalar; the GPU operand decides where the op runs.
                let (scaled, stats) = try TransferStats.measure { try x * 2.5 }
                #expect(scaled.device == .gpu && scaled.shape.dimensions == [3, 4])
                #expect(stats.hostToDeviceCopies == 1 && stats.hostToDeviceBytes == 4 && stats.deviceToHostCopies == 0)
                #expect(launches(fake) == [linear("tb_mul_f32", 12, parameters: 5)])
            }
        }

        @Test func aBroadcastBeyondRankEightFallsBackWithCountedCopies() throws {
            try withFakeGPU { _, fake in
                // Nine dimensions that alternate which side broadcasts: nothing merges.
                let x = try gpu(.float32, shape: [2, 1, 2, 1, 2, 1, 2, 1, 2]), y = try gpu(.float32, shape: [1, 2, 1, 2, 1, 2, 1, 2, 1])
                #expect(try TensorPair(x, y).broadcastGeometry().dims.count == 9)
                fake.resetLaunches()
                let (sum, stats) = try TransferStats.measure { try x + y }
                #expect(sum.device == .cpu && sum.shape.elementCount == 512)
                #expect(stats.deviceToHostCopies == 2 && stats.deviceToHostBytes == 48 * 4 && stats.hostToDeviceCopies == 0)
                #expect(fake.launchedKernels.isEmpty)
                #expect { try withSoftPlacement(false) { try x + y } } throws: { "\($0)".contains("No registered 'AddV2' OpKernel") }
            }
        }

        @Test func dtypesWithoutAKernelFallBackWithCountedCopies() throws {
            try withFakeGPU { _, fake in
                let half = try withDevice(.gpu) { try Tensor([Float16(1.5), 2, -3], shape: [3]) }
                let (sum, stats) = try TransferStats.measure { try half + half }
                #expect(sum.device == .cpu)
                #expect(try sum.scalars(as: Float16.self) == [3, 4, -6])
                #expect(stats.deviceToHostCopies == 2 && stats.deviceToHostBytes == 12)
                let bytes = try withDevice(.gpu) { try Tensor([UInt8(200), 100], shape: [2]) }
                let (wrapped, byteStats) = try TransferStats.measure { try bytes + bytes }
                #expect(wrapped.device == .cpu)
                #expect(try wrapped.scalars(as: UInt8.self) == [144, 200])
                #expect(byteStats.deviceToHostCopies == 2)
                let ints = try withDevice(.gpu) { try Tensor([Int32(-3)], shape: [1]) }
                let (negated, intStats) = try TransferStats.measure { try ints.negated() }
                #expect(negated.device == .cpu && intStats.deviceToHostCopies == 1)
                #expect(try negated.scalars(as: Int32.self) == [3])
                #expect(fake.launchedKernels.isEmpty)
                // Integer true division has no kernel at all: the CPU's own error, after the copies.
                let cpuError = message { try Ops.realDivide(try Tensor([Int32(1)]), try Tensor([Int32(2)])) }
                #expect(cpuError?.contains("Value for attr 'T' of int32 is not in the list of allowed values") == true)
                #expect(message { try Ops.realDivide(ints, ints) } == cpuError)
            }
        }

        @Test func unaryFloatOpsRunTheirKernel() throws {
            try withFakeGPU { _, fake in
                let ops: [(String, (Tensor) throws -> Tensor)] = [
                    ("neg", { try $0.negated() }), ("abs", { try $0.absolute() }), ("square", { try $0.square() }), ("exp", { try $0.exp() }),
                    ("log", { try $0.log() }), ("sqrt", { try $0.sqrt() }), ("rsqrt", { try $0.rsqrt() }), ("relu", { try $0.relu() }),
                    ("sigmoid", { try $0.sigmoid() }), ("tanh", { try $0.tanh() }),
                ]
                for (dtype, suffix) in [(DType.float32, "f32"), (.float64, "f64")] {
                    let x = try gpu(dtype, shape: [10, 100])
                    for (stem, op) in ops {
                        try expectOnGPU(fake, linear("tb_u\(stem)_\(suffix)", 1000, parameters: 3), dtype: dtype, shape: [10, 100]) { try op(x) }
                    }
                }
            }
        }

        @Test func reductionsRunOneBlockPerOutput() throws {
            try withFakeGPU { _, fake in
                func block(_ kernel: String, outputs: Int) -> Launch {
                    Launch(kernel: kernel, configuration: LaunchConfiguration(gridX: UInt32(outputs), blockX: 256), parameters: 8)
                }
                let x = try gpu(.float32, shape: [64, 1000])
                try expectOnGPU(fake, block("tb_reduce_sum_f32", outputs: 64), dtype: .float32, shape: [64]) { try x.reduceSum(axes: [-1]) }
                try expectOnGPU(fake, block("tb_reduce_sum_f32", outputs: 1000), dtype: .float32, shape: [1, 1000]) {
                    try x.reduceSum(axes: [0], keepDims: true)
                }
                // 64,000 elements into one output: 16 chunks of 4,000, then one block over their 16 partials.
                try expectOnGPU(fake, [block("tb_reduce_max_f32", outputs: 16), block("tb_reduce_max_f32", outputs: 1)],
                                dtype: .float32, shape: []) { try x.reduceMax() }
                // Mean sums the chunks, then divides once.
                try expectOnGPU(fake, [block("tb_reduce_sum_f32", outputs: 16), block("tb_reduce_mean_f32", outputs: 1)],
                                dtype: .float32, shape: []) { try x.reduceMean() }
                let plan = CUDABackend.reductionPasses(stem: "mean", outer: 1, reduced: 64_000, inner: 1, maxBlocks: 4224)
                #expect(plan == [CUDABackend.ReductionPass(stem: "sum", tasks: 16, chunks: 16, chunk: 4000, reduced: 64_000, inner: 1, count: 4000),
                                 CUDABackend.ReductionPass(stem: "mean", tasks: 1, chunks: 1, chunk: 16, reduced: 16, inner: 1, count: 64_000)])
                // Chunks never make more blocks than the grid cap.
                #expect(CUDABackend.reductionPasses(stem: "sum", outer: 1000, reduced: 100_000, inner: 1, maxBlocks: 4224).first?.chunks == 4)
                try expectOnGPU(fake, block("tb_reduce_mean_f32", outputs: 64), dtype: .float32, shape: [64]) { try x.reduceMean(axes: [1]) }
                let d = try gpu(.float64, shape: [3, 4, 5])
                try expectOnGPU(fake, block("tb_reduce_mean_f64", outputs: 5), dtype: .float64, shape: [5]) { try d.reduceMean(axes: [0, 1]) }
                let i = try gpu(.int64, shape: [3, 4, 5])
                try expectOnGPU(fake, block("tb_reduce_max_i64", outputs: 15), dtype: .int64, shape: [3, 5]) { try i.reduceMax(axes: [1]) }
                let i32 = try gpu(.int32, shape: [3, 4, 5])
                try expectOnGPU(fake, block("tb_reduce_sum_i32", outputs: 1), dtype: .int32, shape: []) { try i32.reduceSum() }
                // More outputs than the grid cap: the blocks loop over them.
                let wide = try gpu(.float32, shape: [100_000, 3])
                try expectOnGPU(fake, block("tb_reduce_max_f32", outputs: 132 * 32), dtype: .float32, shape: [100_000]) { try wide.reduceMax(axes: [1]) }

                // Non-adjacent axes and integer means fall back with one counted copy.
                fake.resetLaunches()
                let (split, stats) = try TransferStats.measure { try d.reduceSum(axes: [0, 2]) }
                #expect(split.device == .cpu && split.shape.dimensions == [4] && stats.deviceToHostCopies == 1)
                let (mean, meanStats) = try TransferStats.measure { try i.reduceMean() }
                #expect(mean.device == .cpu && meanStats.deviceToHostCopies == 1)
                #expect(fake.launchedKernels.isEmpty)
            }
        }

        @Test func matmulLaunchesOneBlockPerTile() throws {
            try withFakeGPU { _, fake in
                func tiles(_ kernel: String, _ count: Int) -> Launch {
                    Launch(kernel: kernel, configuration: LaunchConfiguration(gridX: UInt32(count), blockX: 256), parameters: 4)
                }
                let a = try gpu(.float32, shape: [3, 40, 50]), b = try gpu(.float32, shape: [50, 70])
                // 3 batches × 3 row tiles × 5 column tiles.
                try expectOnGPU(fake, tiles("tb_matmul_f32", 45), dtype: .float32, shape: [3, 40, 70]) { try a.matmul(b) }
                let c = try gpu(.float64, shape: [2, 3]), d = try gpu(.float64, shape: [4, 2])
                try expectOnGPU(fake, tiles("tb_matmul_f64", 1), dtype: .float64, shape: [3, 4]) {
                    try c.matmul(d, transposeA: true, transposeB: true)
                }

                // Batches that broadcast both ways, and float16, fall back.
                let x = try gpu(.float32, shape: [2, 1, 4, 4]), y = try gpu(.float32, shape: [3, 4, 4])
                let h = try gpu(.float16, shape: [2, 2])
                fake.resetLaunches()
                let (product, stats) = try TransferStats.measure { try x.matmul(y) }
                #expect(product.device == .cpu && product.shape.dimensions == [2, 3, 4, 4] && stats.deviceToHostCopies == 2)
                #expect(try h.matmul(h).device == .cpu)
                #expect(fake.launchedKernels.isEmpty)
            }
        }

        @Test func badArgumentsThrowTheCPUErrorBeforeAnyLaunchOrCopy() throws {
            try withFakeGPU { _, fake in
                let cases: [(String, (Device) throws -> Tensor)] = [
                    ("mixed dtypes", { d in try withDevice(d) { try Tensor([Float(1)]) + Tensor([1.0]) } }),
                    ("incompatible shapes", { d in try withDevice(d) { try Tensor.zeros(shape: [2, 3]) - Tensor.zeros(shape: [4]) } }),
                    ("comparison of mixed dtypes", { d in try withDevice(d) { try Tensor([Int32(1)]).less(Tensor([Int64(1)])) } }),
                    ("invalid reduction axis", { d in try withDevice(d) { try Tensor.zeros(shape: [2, 3]).reduceSum(axes: [2]) } }),
                    ("duplicate reduction axis", { d in try withDevice(d) { try Tensor.zeros(shape: [2, 3]).reduceMax(axes: [1, -1]) } }),
                    ("matmul inner dimensions", { d in try withDevice(d) { try Tensor.zeros(shape: [2, 3]).matmul(Tensor.zeros(shape: [2, 3])) } }),
                    ("batched matmul inner dimensions", { d in
                        try withDevice(d) { try Tensor.zeros(shape: [5, 2, 3]).matmul(Tensor.zeros(shape: [5, 2, 3])) }
                    }),
                    ("matmul batch shapes", { d in try withDevice(d) { try Tensor.zeros(shape: [2, 2, 2]).matmul(Tensor.zeros(shape: [3, 2, 2])) } }),
                    ("matmul rank", { d in try withDevice(d) { try Tensor.zeros(shape: [2]).matmul(Tensor.zeros(shape: [2, 2])) } }),
                    ("matmul dtype", { d in
                        try withDevice(d) { try Tensor.zeros(shape: [2, 2], dtype: .int32).matmul(Tensor.zeros(shape: [2, 2], dtype: .int32)) }
                    }),
                ]
                for (name, make) in cases {
                    let cpu = error { try make(.cpu) }
                    #expect(cpu is TensorBridgeError, "\(name): the CPU did not throw a TensorBridgeError")
                    // Inputs are made on the GPU first (placement copies), then the op runs.
                    fake.resetLaunches()
                    let (gpu, stats) = TransferStats.measure { error { try withSoftPlacement(false) { try make(.gpu) } } }
                    #expect(gpu.map { "\($0)" } == cpu.map { "\($0)" }, "\(name): GPU \(gpu.map { "\($0)" } ?? "no error")")
                    #expect(fake.launchedKernels.allSatisfy { $0.hasPrefix("tb_fill") }, "\(name) launched \(fake.launchedKernels)")
                    #expect(stats.deviceToHostCopies == 0, "\(name) copied to the host")
                }
            }
        }

        @Test func everyMathLaunchPassesTheParametersTheCompiledKernelDeclares() throws {
            guard let path = NVRTCWheel.path else {
                Issue.record("NVRTC not found: install nvidia-cuda-nvrtc (scripts/requirements.txt) in the venv of TENSORBRIDGE_PYTHON, or set TENSORBRIDGE_NVRTC")
                return
            }
            let nvrtc = try NVRTC.load(libraryNames: [path])
            let ptx = try nvrtc.build(KernelLibrary.source, "tensorbridge_kernels.cu", NVRTC.options(major: 9, minor: 0), .ptx)
            let text = String(decoding: ptx.image, as: UTF8.self)
            /// `.param` lines between `.entry name(` and its closing parenthesis.
            func declared(_ name: String) -> Int? {
                guard let start = text.firstRange(of: ".entry \(name)(") else { return nil }
                let rest = text[start.upperBound...]
                guard let end = rest.firstIndex(of: ")") else { return nil }
                return rest[..<end].ranges(of: ".param").count
            }
            try withFakeGPU { _, fake in
                let f = try gpu(.float32, shape: [2, 4]), d = try gpu(.float64, shape: [4, 2]), i = try gpu(.int64, shape: [2, 4])
                let e = try gpu(.float64, shape: [2, 4])
                fake.resetLaunches()
                _ = try f + f; _ = try i.greater(i); _ = try d.tanh(); _ = try f.reduceSum(axes: [0]); _ = try i.reduceMax()
                _ = try d.matmul(e)
                let seen = launches(fake)
                #expect(seen.map(\.kernel) == ["tb_add_f32", "tb_greater_i64", "tb_utanh_f64", "tb_reduce_sum_f32", "tb_reduce_max_i64", "tb_matmul_f64"])
                for launch in seen {
                    #expect(declared(launch.kernel) == launch.parameters, "\(launch.kernel): PTX declares \(declared(launch.kernel).map(String.init) ?? "nothing")")
                }
            }
        }

        func error(_ body: () throws -> Tensor) -> (any Error)? {
            do { _ = try body(); return nil } catch { return error }
        }

        func message(_ body: () throws -> Tensor) -> String? { error(body).map { "\($0)" } }
    }
}
