#if canImport(Glibc)
import Glibc
#endif
import CardshEngine

/// Script mode's output on a second thread: the main thread runs the next command (and waits for the card)
/// while this one lays out and writes the text of the last. Every write goes through one queue, in order;
/// `drain()` waits until everything submitted is written.
///
/// Only the main thread submits and drains; only the worker touches `Console`'s buffer while the pipeline runs.
final class OutputPipeline: @unchecked Sendable {
    enum Job {
        case out(String)
        case err(String)
        /// An outcome with what rendering needs from the engine, taken when it was submitted.
        case outcome(CommandOutcome, renderer: TextRenderer, json: Bool, location: String?)
    }

    /// Submitting waits when this many jobs are queued, so a fast producer does not pile up outcomes.
    private static let capacity = 256
    /// Jobs are handed over in batches of this many (or at `drain()`): one wake-up of the worker per batch
    /// instead of a futex call and a context switch per APDU. Output is buffered anyway (Console: 64 KiB).
    private static let batch = 32

    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    private let changed = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)
    private var queue: [Job] = []
    private var busy = false
    /// Jobs submitted but not handed over yet; the main thread's alone.
    private var pending: [Job] = []

    init() {
        pthread_mutex_init(mutex, nil)
        pthread_cond_init(changed, nil)
        var thread = pthread_t()
        let context = Unmanaged.passRetained(self).toOpaque()
        let rc = pthread_create(&thread, nil, { context in
            Unmanaged<OutputPipeline>.fromOpaque(context!).takeUnretainedValue().work()
            return nil
        }, context)
        precondition(rc == 0, "pthread_create: \(rc)")
        pthread_detach(thread)
    }

    func submit(_ job: Job) {
        pending.append(job)
        if pending.count >= Self.batch { handOver() }
    }

    private func handOver() {
        guard !pending.isEmpty else { return }
        pthread_mutex_lock(mutex)
        while queue.count >= Self.capacity { pthread_cond_wait(changed, mutex) }
        queue += pending
        pthread_cond_broadcast(changed)
        pthread_mutex_unlock(mutex)
        pending.removeAll(keepingCapacity: true)
    }

    /// Returns when every submitted job has been written (to Console's buffer, or to standard error).
    func drain() {
        handOver()
        pthread_mutex_lock(mutex)
        while !queue.isEmpty || busy { pthread_cond_wait(changed, mutex) }
        pthread_mutex_unlock(mutex)
    }

    private func work() {
        while true {
            pthread_mutex_lock(mutex)
            while queue.isEmpty { pthread_cond_wait(changed, mutex) }
            let jobs = queue
            queue.removeAll(keepingCapacity: true)
            busy = true
            pthread_cond_broadcast(changed)
            pthread_mutex_unlock(mutex)
            for job in jobs { perform(job) }
            pthread_mutex_lock(mutex)
            busy = false
            pthread_cond_broadcast(changed)
            pthread_mutex_unlock(mutex)
        }
    }

    private func perform(_ job: Job) {
        switch job {
        case .out(let text): Console.writeOut(text)
        case .err(let text): Console.writeErr(text)
        case .outcome(let outcome, let renderer, let json, let location):
            if json {
                Console.writeOut(JSONRenderer.render(outcome) + "\n")
                return
            }
            var err = ""
            Console.writeOut { err = renderer.render(outcome, appendingTo: &$0) }
            if !err.isEmpty { Console.writeErr((location ?? "") + err) }
        }
    }
}
