import TensorBridge

/// DLPack's stream protocol for CUDA memory, and read-back into page-locked memory.
extension CUDABackend {
    /// `kDLCUDA` (2).
    public var dlpackDeviceType: Int32? { 2 }

    /// The device's stream (`CUstream` as an integer), which a producer's `__dlpack__(stream=)`
    /// must make wait for its work before we read the memory it hands us.
    public func dlpackStream(for device: Device) throws -> Int64? {
        Int64(bitPattern: UInt64(try context(for: device).stream))
    }

    /// Makes the consumer's `stream` wait for everything already enqueued on `device`'s stream:
    /// an event recorded on ours, waited on by theirs (`cuStreamWaitEvent`). The host does not
    /// block. `stream` follows the DLPack convention for CUDA: -1 asks for no synchronisation,
    /// 1 is the legacy default stream, 2 the per-thread default stream, anything larger a
    /// `CUstream`; 0 is ambiguous and refused.
    /// - Throws: `TensorBridgeError` (`.invalidArgument`) for 0 or a negative value other than -1,
    ///   or the driver's error.
    public func makeStreamWait(_ stream: Int64, for device: Device) throws {
        guard stream != -1 else { return }
        guard stream > 0 else {
            throw TensorBridgeError.invalidArgument("stream \(stream) is not a valid CUDA stream for DLPack (use None, -1, 1, 2 or a stream handle)")
        }
        let context = try context(for: device)
        let consumer = UInt(UInt64(stream))
        guard consumer != context.stream else { return }  // same stream: already ordered
        try context.makeCurrent()
        let (rc, event) = driver.eventCreate(2)  // CU_EVENT_DISABLE_TIMING
        try driver.check(rc, "cuEventCreate")
        // Destroying a recorded event is legal at once: the driver frees it after the wait.
        defer { _ = driver.eventDestroy(event) }
        try driver.check(driver.eventRecord(event, context.stream), "cuEventRecord")
        try driver.check(driver.streamWaitEvent(consumer, event), "cuStreamWaitEvent")
    }

    /// Page-locked memory from the device's pinned pool for read-backs below the staging
    /// threshold (one DMA straight into it, no staging); larger read-backs go to ordinary
    /// host memory through the chunked, overlapped pinned staging of `copyToHost`, so that a
    /// long-lived NumPy array never pins gigabytes.
    public func readBackBuffer(byteCount: Int, from device: Device) throws -> TensorBuffer {
        guard byteCount < configuration.stagingThreshold else { return try TensorBuffer.allocateHost(byteCount: byteCount) }
        return try pinnedHostBuffer(byteCount: byteCount, for: device)
    }
}
