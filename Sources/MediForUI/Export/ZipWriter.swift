import Foundation

/// Writes a ZIP archive (PKWARE APPNOTE 6.3, "stored" entries, no compression) as a stream of chunks, so an
/// export of large media never sits in memory whole.
///
/// Each file is read twice: once for its CRC-32 and size, once to copy it out. Entries and offsets must stay below
/// 4 GiB (no ZIP64): a larger file is refused with ``ZipWriter/Failure`` and the caller lists it instead.
struct ZipWriter {
    /// A file that cannot go into the archive.
    struct Failure: Error {
        var message: String
    }

    private struct Entry {
        var name: [UInt8]
        var crc: UInt32
        var size: UInt32
        var offset: UInt32
    }

    private var entries: [Entry] = []
    private var offset: UInt64 = 0
    private let emit: (ArraySlice<UInt8>) async throws -> Void
    private let dosTime: UInt16
    private let dosDate: UInt16
    static let chunkSize = 256 << 10

    /// A writer that hands every chunk of the archive to `emit`, in order.
    init(date: Date = Date(), emit: @escaping (ArraySlice<UInt8>) async throws -> Void) {
        self.emit = emit
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? .current
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        dosTime = UInt16((parts.hour ?? 0) << 11 | (parts.minute ?? 0) << 5 | (parts.second ?? 0) / 2)
        dosDate = UInt16(max(0, (parts.year ?? 1980) - 1980) << 9 | (parts.month ?? 1) << 5 | (parts.day ?? 1))
    }

    /// Adds bytes held in memory.
    mutating func add(name: String, bytes: [UInt8]) async throws {
        let crc = CRC32.checksum(bytes)
        try await writeEntry(name: name, crc: crc, size: bytes.count) { emit in try await emit(bytes[...]) }
    }

    /// Adds a file from disk.
    ///
    /// - Throws: ``Failure`` when it cannot be read or is too large for a plain ZIP; nothing is written then.
    mutating func add(name: String, file path: String) async throws {
        guard let handle = FileHandle(forReadingAtPath: path) else { throw Failure(message: "\(name) cannot be read") }
        defer { try? handle.close() }
        var crc = CRC32()
        var size = 0
        while let chunk = try handle.read(upToCount: Self.chunkSize), !chunk.isEmpty {
            crc.update(chunk)
            size += chunk.count
            guard size < Int(UInt32.max) else { throw Failure(message: "\(name) is larger than 4 GiB") }
        }
        try handle.seek(toOffset: 0)
        try await writeEntry(name: name, crc: crc.value, size: size) { emit in
            var copied = 0
            while copied < size, let chunk = try handle.read(upToCount: min(Self.chunkSize, size - copied)),
                !chunk.isEmpty
            {
                copied += chunk.count
                try await emit([UInt8](chunk)[...])
            }
            guard copied == size else { throw Failure(message: "\(name) changed while it was exported") }
        }
    }

    /// Writes the central directory; the archive is complete afterwards.
    mutating func finish() async throws {
        let start = offset
        var directory: [UInt8] = []
        for entry in entries {
            directory +=
                le32(0x0201_4b50) + le16(20) + le16(20) + le16(0x0800) + le16(0) + le16(dosTime) + le16(dosDate)
            directory += le32(entry.crc) + le32(entry.size) + le32(entry.size) + le16(UInt16(entry.name.count))
            directory += le16(0) + le16(0) + le16(0) + le16(0) + le32(0) + le32(entry.offset) + entry.name
        }
        guard start + UInt64(directory.count) < UInt64(UInt32.max) else {
            throw Failure(message: "the archive exceeds 4 GiB")
        }
        let count = UInt16(min(entries.count, Int(UInt16.max)))
        let size = UInt32(directory.count)
        directory += le32(0x0605_4b50) + le16(0) + le16(0) + le16(count) + le16(count)
        directory += le32(size) + le32(UInt32(start)) + le16(0)
        try await emit(directory[...])
        offset += UInt64(directory.count)
    }

    private mutating func writeEntry(
        name: String, crc: UInt32, size: Int, body: ((ArraySlice<UInt8>) async throws -> Void) async throws -> Void
    ) async throws {
        let nameBytes = Array(name.utf8.prefix(1000))
        guard entries.count < Int(UInt16.max) else { throw Failure(message: "too many files for one archive") }
        guard offset + UInt64(size) + UInt64(nameBytes.count) + 30 < UInt64(UInt32.max) else {
            throw Failure(message: "\(name) would take the archive past 4 GiB")
        }
        var header = le32(0x0403_4b50) + le16(20) + le16(0x0800) + le16(0) + le16(dosTime) + le16(dosDate)
        header +=
            le32(crc) + le32(UInt32(size)) + le32(UInt32(size)) + le16(UInt16(nameBytes.count)) + le16(0) + nameBytes
        let entryOffset = UInt32(offset)
        try await emit(header[...])
        offset += UInt64(header.count)
        try await body(emit)
        offset += UInt64(size)
        entries.append(Entry(name: nameBytes, crc: crc, size: UInt32(size), offset: entryOffset))
    }

    private func le16(_ value: UInt16) -> [UInt8] { [UInt8(value & 0xFF), UInt8(value >> 8)] }
    private func le32(_ value: UInt32) -> [UInt8] {
        [UInt8(value & 0xFF), UInt8((value >> 8) & 0xFF), UInt8((value >> 16) & 0xFF), UInt8(value >> 24)]
    }
}

/// CRC-32 (IEEE 802.3, reflected, polynomial 0xEDB88320), table-driven.
struct CRC32 {
    private static let table: [UInt32] = (0..<256).map { index in
        var value = UInt32(index)
        for _ in 0..<8 { value = value & 1 == 1 ? (value >> 1) ^ 0xEDB8_8320 : value >> 1 }
        return value
    }

    private var state: UInt32 = 0xFFFF_FFFF

    /// The checksum of the bytes so far.
    var value: UInt32 { ~state }

    mutating func update(_ bytes: some DataProtocol) {
        var crc = state
        Self.table.withUnsafeBufferPointer { table in
            for region in bytes.regions {
                for byte in region { crc = table[Int((crc ^ UInt32(byte)) & 0xFF)] ^ (crc >> 8) }
            }
        }
        state = crc
    }

    static func checksum(_ bytes: [UInt8]) -> UInt32 {
        var crc = CRC32()
        crc.update(bytes)
        return crc.value
    }
}
