/// The kernels one backend provides, by op. A backend fills its table once, when it is
/// registered with ``BackendRegistry/register(_:kernels:)``.
///
/// A kernel may decline a call by returning `nil` (a dtype or rank it does not cover); the op
/// then falls back as if the device had no kernel at all, under the same soft-placement rule.
package struct KernelTable: Sendable {
    private var kernels: [String: any Sendable] = [:]

    package init() {}

    /// A kernel: computes `op` on `device` (one of the backend's devices), or returns `nil`.
    package typealias Kernel<Input, Output> = @Sendable (Input, Device) throws -> Output?

    /// Registers (or replaces) the kernel for `op`.
    package mutating func register<Input, Output>(_ op: Op<Input, Output>, _ kernel: @escaping Kernel<Input, Output>) {
        kernels[op.name] = Box(kernel: kernel)
    }

    /// The kernel for `op`, if registered.
    package func kernel<Input, Output>(_ op: Op<Input, Output>) -> Kernel<Input, Output>? {
        (kernels[op.name] as? Box<Input, Output>)?.kernel
    }

    /// The names of the ops that have a kernel, sorted.
    package var opNames: [String] { kernels.keys.sorted() }

    private final class Box<Input, Output>: Sendable {
        let kernel: Kernel<Input, Output>
        init(kernel: @escaping Kernel<Input, Output>) { self.kernel = kernel }
    }
}
