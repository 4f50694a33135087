/// The one path every copy between buffers takes, so that ``TransferStats`` counts each
/// host↔device copy exactly once.
package enum Transfer {
    /// Copies all of `source` into `destination` (same byte count), whatever devices they are on.
    package static func copy(_ source: TensorBuffer, to destination: TensorBuffer) throws {
        guard source.byteCount == destination.byteCount else {
            throw TensorBridgeError.invalidArgument("copy needs equal sizes: \(source.byteCount) vs \(destination.byteCount) bytes")
        }
        let bytes = source.byteCount
        switch (source.device.isHost, destination.device.isHost) {
        case (true, true):
            ParallelCopy.copy(from: source.baseAddress, to: destination.baseAddress, byteCount: bytes)
        case (true, false):
            try BackendRegistry.shared.backend(for: destination.device)
                .copyFromHost(source.baseAddress, to: destination, byteCount: bytes)
            TransferStats.record(.hostToDevice, bytes: bytes)
        case (false, true):
            try BackendRegistry.shared.backend(for: source.device)
                .copyToHost(source, into: destination.baseAddress, byteCount: bytes)
            TransferStats.record(.deviceToHost, bytes: bytes)
        case (false, false):
            if source.device.type == destination.device.type {
                try BackendRegistry.shared.backend(for: source.device).copyOnDevice(source, to: destination, byteCount: bytes)
                TransferStats.record(.deviceToDevice, bytes: bytes)
            } else {
                // Different accelerator families meet through the host: two counted copies.
                let staging = try TensorBuffer.allocateHost(byteCount: bytes)
                try copy(source, to: staging)
                try copy(staging, to: destination)
            }
        }
    }

    /// Allocates a buffer on `device` and copies `source` into it. A device→host move lands
    /// in the source backend's read-back memory (page-locked for CUDA: one DMA, no staging).
    package static func copy(_ source: TensorBuffer, to device: Device) throws -> TensorBuffer {
        let destination = device.isHost && !source.device.isHost
            ? try BackendRegistry.shared.backend(for: source.device).readBackBuffer(byteCount: source.byteCount, from: source.device)
            : try BackendRegistry.shared.backend(for: device).allocate(byteCount: source.byteCount, on: device)
        try copy(source, to: destination)
        return destination
    }
}
