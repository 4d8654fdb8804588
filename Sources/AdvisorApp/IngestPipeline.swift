import AdvisorCore
import AdvisorStore
import Foundation

/// Ingest on two threads: one reads, parses, validates and copies rows into batches; the store's
/// thread binds and inserts them. Reading and inserting each took about half of a large ingest, so
/// on two cores the pipeline takes about as long as the slower of the two.
///
/// The channel between them holds a bounded number of batches (memory stays flat however large the
/// file), and either side can stop the other: the reader's error ends the stream, the writer's
/// error cancels the reader at its next row. The reader thread has always finished before
/// `IngestPipeline.run` returns, so nothing it touches outlives the call.
enum IngestPipeline {
    enum Item: Sendable {
        case batch(SampleBatch)
        /// A row with probe fields goes in on its own with its details; its text is owned.
        case detailed(OwnedRow)
    }

    /// A SampleRow whose text no longer points into the reader's buffer.
    struct OwnedRow: @unchecked Sendable {
        // @unchecked: every Text in it is `.string`, which owns its storage (see init).
        let row: SampleRow

        init(_ row: SampleRow) { self.row = row.owningItsText() }
    }

    /// Thrown inside the reader when the writer has failed: stops reading; never reported.
    static let cancelled = FormatError(file: "", message: "ingest cancelled")

    final class Channel: @unchecked Sendable {
        // @unchecked: every field is read and written under `condition`'s lock.
        private let condition = NSCondition()
        private var items: [Item] = []
        private var finished = false
        private var failure: (any Error)?
        private var cancelled = false
        let capacity: Int

        init(capacity: Int) { self.capacity = capacity }

        /// Waits while the channel is full; false once the writer has cancelled.
        func send(_ item: Item) -> Bool {
            condition.lock()
            defer { condition.unlock() }
            while items.count >= capacity && !cancelled { condition.wait() }
            guard !cancelled else { return false }
            items.append(item)
            condition.broadcast()
            return true
        }

        /// The reader's last act: nothing more will be sent.
        func finish(_ error: (any Error)?) {
            condition.lock()
            finished = true
            failure = error
            condition.broadcast()
            condition.unlock()
        }

        /// The items sent so far, waiting for some; nil when the reader has finished and all were taken.
        func receive() -> [Item]? {
            condition.lock()
            defer { condition.unlock() }
            while items.isEmpty && !finished { condition.wait() }
            if items.isEmpty { return nil }
            let taken = items
            items.removeAll(keepingCapacity: true)
            condition.broadcast()
            return taken
        }

        func cancel() {
            condition.lock()
            cancelled = true
            condition.broadcast()
            condition.unlock()
        }

        /// Waits for the reader to finish; its error, if any.
        func awaitFinish() -> (any Error)? {
            condition.lock()
            defer { condition.unlock() }
            while !finished { condition.wait() }
            return failure
        }
    }

    /// Runs `read` on a thread of its own, feeding it an `accept` for each valid row, and inserts
    /// what it accepts through `inserter` on this thread. Returns when both are done; throws the
    /// reader's error, else the writer's.
    static func run(
        inserter: inout SampleFileWriter,
        read: @escaping @Sendable (_ accept: (SampleRow) throws(FormatError) -> Void) throws -> Void
    ) throws {
        let channel = Channel(capacity: 32)
        let reader = Thread {
            var batch = SampleBatch()
            do {
                try read { (row) throws(FormatError) in
                    if row.hasProbeFields {
                        if batch.rows > 0 {
                            guard channel.send(.batch(batch)) else { throw cancelled }
                            batch = SampleBatch()
                        }
                        guard channel.send(.detailed(OwnedRow(row))) else { throw cancelled }
                        return
                    }
                    batch.append(row)
                    if batch.rows == SampleBatch.capacity {
                        guard channel.send(.batch(batch)) else { throw cancelled }
                        batch = SampleBatch()
                    }
                }
                if batch.rows > 0 { _ = channel.send(.batch(batch)) }
                channel.finish(nil)
            } catch {
                channel.finish(error)
            }
        }
        reader.stackSize = 8 << 20
        reader.start()
        var writeError: (any Error)?
        while let items = channel.receive() {
            guard writeError == nil else { continue }
            do {
                for item in items {
                    switch item {
                    case .batch(let batch): try inserter.insert(batch)
                    case .detailed(let owned): try inserter.insert(owned.row)
                    }
                }
            } catch {
                writeError = error
                channel.cancel()
            }
        }
        let readError = channel.awaitFinish()
        if let readError, (readError as? FormatError) != cancelled { throw readError }
        if let writeError { throw writeError }
        try inserter.flush()
    }
}
