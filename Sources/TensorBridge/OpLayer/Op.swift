/// One operation of the op layer: its name, its CPU kernel (the reference every backend is
/// checked against) and how soft placement moves its data when a device lacks a kernel.
///
/// Ops never branch on devices themselves. Calling an op runs the kernel of the device its
/// inputs live on (or, for creation ops, the device of the current ``withDevice(_:_:)``
/// scope): the CPU kernel directly for the host, otherwise the kernel the device's backend
/// registered in its ``KernelTable``. New ops are added by declaring an `Op` in their own
/// file and, per backend, registering a kernel for it; nothing central is edited.
package struct Op<Input, Output>: Sendable {
    /// The op's name in messages: TensorFlow's kernel name where it has one (`Cast`, `Fill`).
    package let name: String
    /// Computes the op on the host. Inputs are host tensors.
    let cpu: @Sendable (Input) throws -> Output
    /// How soft placement falls back to the CPU.
    let fallback: Fallback

    enum Fallback: Sendable {
        /// A creation op: the CPU computes the result, one counted copy places it on the device.
        case placeResult(@Sendable (Output, Device) throws -> Output)
        /// An op with tensor inputs: they come to the host (counted), the result stays there,
        /// as TensorFlow's soft placement leaves an op's output on the device it ran on.
        case inputsToHost(@Sendable (Input) throws -> Input)
    }

    /// An op with tensor inputs, dispatched on the device they live on.
    package init(_ name: String, inputsToHost: @escaping @Sendable (Input) throws -> Input,
                 cpu: @escaping @Sendable (Input) throws -> Output) {
        self.name = name
        self.cpu = cpu
        fallback = .inputsToHost(inputsToHost)
    }

    /// A creation op (no tensor inputs), dispatched on the placement scope's device.
    package init(creation name: String, placeResult: @escaping @Sendable (Output, Device) throws -> Output,
                 cpu: @escaping @Sendable (Input) throws -> Output) {
        self.name = name
        self.cpu = cpu
        fallback = .placeResult(placeResult)
    }

    /// Runs the op on `device`: the CPU kernel for the host (a direct call, no lookup), else
    /// the device's registered kernel, else TensorFlow's soft placement.
    /// - Throws: with soft placement off and no kernel for `device`, TensorFlow's
    ///   "No registered ... OpKernel" error naming the op and the device; else what the kernel throws.
    @inline(__always)
    package func callAsFunction(_ input: Input, on device: Device) throws -> Output {
        if device.isHost { return try cpu(input) }
        return try accelerated(input, on: device)
    }

    private func accelerated(_ input: Input, on device: Device) throws -> Output {
        if let kernel = BackendRegistry.shared.kernel(self, for: device.type), let output = try kernel(input, device) {
            return output
        }
        guard Placement.current.softPlacement else {
            throw TensorBridgeError.invalidDevice(
                "No registered '\(name)' OpKernel for '\(device.type)' devices compatible with node {{node \(name)}}: "
                    + "\(device.name) has no kernel for these arguments and soft placement is off")
        }
        switch fallback {
        case .placeResult(let place): return try place(try cpu(input), device)
        case .inputsToHost(let toHost): return try cpu(try toHost(input))
        }
    }
}

extension Op where Output == Tensor {
    /// A creation op whose result is placed like every new tensor: one counted host→device copy.
    package init(creation name: String, cpu: @escaping @Sendable (Input) throws -> Tensor) {
        self.init(creation: name, placeResult: { try $0.placed(on: $1) }, cpu: cpu)
    }
}

extension Op where Input == Tensor {
    /// A one-tensor op; soft placement copies the tensor to the host.
    package init(_ name: String, cpu: @escaping @Sendable (Tensor) throws -> Output) {
        self.init(name, inputsToHost: { try $0.copy(to: .cpu) }, cpu: cpu)
    }

    /// Runs the op where `tensor` lives.
    @inline(__always)
    package func callAsFunction(_ tensor: Tensor) throws -> Output {
        try self(tensor, on: tensor.device)
    }
}

extension Op {
    /// Runs a creation op on the current scope's device.
    @inline(__always)
    package func callAsFunction(placing input: Input) throws -> Output {
        try self(input, on: Placement.resolvedDevice())
    }
}

/// The device an op with several tensor inputs runs on: the first input not on the host, so a
/// GPU tensor pulls the op to the GPU and the kernel moves the other inputs (counted).
package func opDevice(_ tensors: Tensor?...) -> Device {
    for case let t? in tensors where !t.device.isHost { return t.device }
    return .cpu
}
