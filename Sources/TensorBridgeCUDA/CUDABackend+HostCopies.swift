#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import TensorBridge

/// Host↔device copies. Pinned memory (the backend's own pool) is copied by DMA directly;
/// large pageable memory is staged through two pinned chunks so the host-side copy of one
/// chunk overlaps the DMA of the other.
extension CUDABackend {
    /// Copies host bytes into device memory and waits for it (the caller may free `source`
    /// on return). Called only by `Transfer`, which counts it.
    public func copyFromHost(_ source: UnsafeRawPointer, to destination: TensorBuffer, byteCount: Int) throws {
        guard byteCount > 0 else { return }
        let context = try context(for: destination.device)
        try context.makeCurrent()
        let dst = Self.address(destination)
        if isPinned(source, context) || byteCount < configuration.stagingThreshold {
            try driver.check(driver.copyHostToDevice(dst, source, byteCount, context.stream), "cuMemcpyHtoDAsync_v2")
        } else {
            try staged(byteCount, context) { offset, count, chunk in
                Self.parallelCopy(from: source + offset, to: chunk, byteCount: count)
                return driver.copyHostToDevice(dst + UInt64(offset), chunk, count, context.stream)
            } drain: { _, _, _ in }
        }
        try context.synchronize()
    }

    /// Copies device memory into host bytes and waits for it. Called only by `Transfer`.
    public func copyToHost(_ source: TensorBuffer, into destination: UnsafeMutableRawPointer, byteCount: Int) throws {
        guard byteCount > 0 else { return }
        let context = try context(for: source.device)
        try context.makeCurrent()
        let src = Self.address(source)
        if isPinned(UnsafeRawPointer(destination), context) || byteCount < configuration.stagingThreshold {
            try driver.check(driver.copyDeviceToHost(destination, src, byteCount, context.stream), "cuMemcpyDtoHAsync_v2")
            try context.synchronize()
        } else {
            try staged(byteCount, context) { offset, count, chunk in
                driver.copyDeviceToHost(chunk, src + UInt64(offset), count, context.stream)
            } drain: { offset, count, chunk in
                Self.parallelCopy(from: chunk, to: destination + offset, byteCount: count)
            }
        }
    }

    /// Whether `pointer` starts a live block of the device's pinned pool.
    func isPinned(_ pointer: UnsafeRawPointer, _ context: CUDADeviceContext) -> Bool {
        context.pinnedPool.liveSize(of: UInt64(UInt(bitPattern: pointer))) != nil
    }

    /// Runs a chunked copy through two pinned staging buffers. `enqueue` fills or reads chunk
    /// `i` and enqueues its DMA; `drain` runs once that DMA has finished (read-back), before
    /// the staging buffer is reused.
    private func staged(
        _ byteCount: Int, _ context: CUDADeviceContext,
        enqueue: (Int, Int, UnsafeMutableRawPointer) -> Int32,
        drain: (Int, Int, UnsafeMutableRawPointer) -> Void
    ) throws {
        let chunkSize = max(1 << 20, configuration.stagingChunk)
        let slots = 2
        var buffers: [UnsafeMutableRawPointer] = []
        var events: [UInt] = []
        defer {
            for event in events { _ = driver.eventDestroy(event) }
            for buffer in buffers { context.pinnedPool.release(UInt64(UInt(bitPattern: buffer))) }
        }
        for _ in 0..<slots {
            let block = try context.pinnedPool.allocate(min(chunkSize, byteCount))
            guard let pointer = UnsafeMutableRawPointer(bitPattern: UInt(block.address)) else {
                throw TensorBridgeError.driver(call: "cuMemAllocHost_v2", code: -1, name: "null pointer")
            }
            buffers.append(pointer)
            let (rc, event) = driver.eventCreate(2)  // CU_EVENT_DISABLE_TIMING
            try driver.check(rc, "cuEventCreate")
            events.append(event)
        }
        // pending[slot] = the chunk whose DMA is in flight in that slot.
        var pending: [(offset: Int, count: Int)?] = Array(repeating: nil, count: slots)
        var offset = 0, index = 0
        while offset < byteCount {
            let slot = index % slots
            if let previous = pending[slot] {
                try driver.check(driver.eventSynchronize(events[slot]), "cuEventSynchronize")
                drain(previous.offset, previous.count, buffers[slot])
            }
            let count = min(chunkSize, byteCount - offset)
            try driver.check(enqueue(offset, count, buffers[slot]), "cuMemcpyAsync (staged)")
            try driver.check(driver.eventRecord(events[slot], context.stream), "cuEventRecord")
            pending[slot] = (offset, count)
            offset += count
            index += 1
        }
        try context.synchronize()
        for step in 0..<slots {
            let slot = (index + step) % slots
            if let previous = pending[slot] { drain(previous.offset, previous.count, buffers[slot]) }
        }
    }

    /// A host memcpy split across cores: one core cannot keep up with PCIe Gen5.
    static func parallelCopy(from source: UnsafeRawPointer, to destination: UnsafeMutableRawPointer, byteCount: Int) {
        let src = UInt(bitPattern: source), dst = UInt(bitPattern: destination)
        Parallel.forEachChunk(count: byteCount, grain: 4 << 20) { range in
            guard let s = UnsafeRawPointer(bitPattern: src + UInt(range.lowerBound)),
                  let d = UnsafeMutableRawPointer(bitPattern: dst + UInt(range.lowerBound)) else { return }
            memcpy(d, s, range.count)
        }
    }
}
