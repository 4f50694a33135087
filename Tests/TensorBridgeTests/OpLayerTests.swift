import Synchronization
import Testing
@testable import TensorBridge
import TensorBridgeTestSupport

/// The op layer over a test accelerator: dispatch to a registered kernel, a kernel declining,
/// soft-placement fallback with counted copies, the error with soft placement off, and the
/// typed `withDevice`. Serialized: it registers its device type process-wide.
@Suite(.serialized) struct OpLayerTests {
    /// Device memory in host RAM under its own device type, so the kernels can compute.
    final class HostBackedAccelerator: Backend {
        static let type = DeviceType("OPTEST")
        var deviceType: DeviceType { Self.type }
        func physicalDevices() -> [PhysicalDevice] { [PhysicalDevice(device: Device(Self.type, 0))] }
        func allocate(byteCount: Int, on device: Device) throws -> TensorBuffer {
            let host = try TensorBuffer.allocateHost(byteCount: byteCount)
            return TensorBuffer(baseAddress: host.baseAddress, byteCount: byteCount, device: device, release: .retain(host))
        }
        func copyFromHost(_ source: UnsafeRawPointer, to destination: TensorBuffer, byteCount: Int) throws {
            destination.baseAddress.copyMemory(from: source, byteCount: byteCount)
        }
        func copyToHost(_ source: TensorBuffer, into destination: UnsafeMutableRawPointer, byteCount: Int) throws {
            destination.copyMemory(from: source.baseAddress, byteCount: byteCount)
        }
        func copyOnDevice(_ source: TensorBuffer, to destination: TensorBuffer, byteCount: Int) throws {
            destination.baseAddress.copyMemory(from: source.baseAddress, byteCount: byteCount)
        }
    }

    static let device = Device(HostBackedAccelerator.type, 0)

    /// Kernel calls, counted from whatever thread runs the kernel.
    final class Calls: Sendable {
        private let value = Mutex(0)
        func add() { value.withLock { $0 += 1 } }
        var count: Int { value.withLock { $0 } }
    }

    /// Registers the accelerator with a grayscale kernel that runs the CPU code in place on
    /// its (host-addressable) memory, declines uint8, and counts its calls.
    func withAccelerator(_ body: (Calls) throws -> Void) throws {
        let calls = Calls()
        let backend = HostBackedAccelerator()
        var table = KernelTable()
        table.register(Ops.rgbToGrayscale) { request, device in
            let images = request.images
            guard images.dtype == .float32, let buffer = images.buffer else { return nil }
            calls.add()
            let host = Tensor(uncheckedDType: images.dtype, shape: images.shape,
                              buffer: TensorBuffer(baseAddress: buffer.baseAddress, byteCount: buffer.byteCount, device: .cpu, release: .retain(buffer)))
            let gray = try Image.hostRGBToGrayscale(GrayscaleRequest(images: host, pixels: request.pixels, shape: request.shape))
            let out = try backend.allocate(byteCount: gray.byteCount, on: device)
            try gray.withUnsafeBytes { out.baseAddress.copyMemory(from: $0.baseAddress!, byteCount: $0.count) }
            return Tensor(uncheckedDType: gray.dtype, shape: gray.shape, buffer: out)
        }
        try BackendRegistryLock.withLock {
            BackendRegistry.shared.register(backend, kernels: table)
            defer { BackendRegistry.shared.unregister(HostBackedAccelerator.type) }
            try body(calls)
        }
    }

    @Test func anOpRunsTheKernelOfTheDeviceItsInputLivesOn() throws {
        try withAccelerator { calls in
            let pixels: [Float] = [0.1, 0.2, 0.3, 1, 0.5, 0.25]
            let x = try withDevice(Self.device) { try Tensor(pixels, shape: [2, 3]) }
            let (gray, stats) = try TransferStats.measure { try Image.rgbToGrayscale(x) }
            #expect(calls.count == 1)
            #expect(gray.device == Self.device && stats == TransferStats())
            let reference = try Image.rgbToGrayscale(try Tensor(pixels, shape: [2, 3]))
            #expect(try gray.copy(to: .cpu).scalars(as: Float.self) == reference.scalars(as: Float.self))
        }
    }

    @Test func aDeclinedOrMissingKernelFallsBackToTheCPUAndCountsTheCopies() throws {
        try withAccelerator { calls in
            let bytes: [UInt8] = [10, 20, 30, 200, 100, 50]
            let x = try withDevice(Self.device) { try Tensor(bytes, shape: [2, 3]) }
            // uint8: the kernel declines; the input comes to the host, the result stays there.
            let (gray, stats) = try TransferStats.measure { try Image.rgbToGrayscale(x) }
            #expect(calls.count == 0 && gray.device == .cpu)
            #expect(stats.deviceToHostCopies == 1 && stats.deviceToHostBytes == 6 && stats.hostToDeviceCopies == 0)
            #expect(try gray.scalars(as: UInt8.self) == Image.rgbToGrayscale(try Tensor(bytes, shape: [2, 3])).scalars(as: UInt8.self))
            // A creation op without a kernel computes on the CPU, then one copy places the result.
            let (zeros, placed) = try TransferStats.measure { try withDevice(Self.device) { try Tensor.zeros(shape: [4]) } }
            #expect(zeros.device == Self.device && placed.hostToDeviceCopies == 1 && placed.hostToDeviceBytes == 16)
        }
    }

    @Test func withSoftPlacementOffAMissingKernelNamesTheOpAndTheDevice() throws {
        try withAccelerator { _ in
            let x = try withDevice(Self.device) { try Tensor([1, 2, 3] as [UInt8], shape: [1, 3]) }
            #expect(throws: TensorBridgeError.invalidDevice(
                "No registered 'RGBToGrayscale' OpKernel for 'OPTEST' devices compatible with node {{node RGBToGrayscale}}: "
                    + "/job:localhost/replica:0/task:0/device:OPTEST:0 has no kernel for these arguments and soft placement is off")) {
                try withSoftPlacement(false) { try Image.rgbToGrayscale(x) }
            }
            #expect {
                try withSoftPlacement(false) { try withDevice(Self.device) { try Random.statelessNormal(shape: [2], seed: (1, 2)) } }
            } throws: { "\($0)".contains("'PhiloxRandom'") }
        }
    }

    @Test func hostOpsNeverLookUpKernels() throws {
        try withAccelerator { calls in
            let x = try Tensor([Float](repeating: 0.5, count: 30), shape: [10, 3])
            let (gray, stats) = try TransferStats.measure { try withDevice(Self.device) { try Image.rgbToGrayscale(x) } }
            // The input is on the host, so the op runs there even inside an accelerator scope.
            #expect(gray.device == .cpu && stats == TransferStats() && calls.count == 0)
        }
    }

    @Test func withDeviceTakesTypedDevicesAndStrings() throws {
        try withAccelerator { _ in
            let typed = try withDevice(Self.device) { try Placement.resolvedDevice() }
            let named = try withDevice("/device:OPTEST:0") { try Placement.resolvedDevice() }
            let nested = try withDevice(Self.device) { try withDevice(.cpu) { try Placement.resolvedDevice() } }
            let spec = try withDevice(DeviceSpec(deviceType: HostBackedAccelerator.type)) { try Placement.resolvedDevice() }
            #expect(typed == Self.device && named == Self.device && nested == .cpu && spec == Self.device)
        }
        // No GPU backend here: `.gpu` soft-places on the CPU, as the string form does.
        let soft = try BackendRegistryLock.withLock { try withDevice(.gpu) { try Tensor([1] as [Float]) } }
        #expect(soft.device == .cpu)
    }
}
