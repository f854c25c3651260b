import MediForBenchmark
import Testing

@Suite struct SeededRandomTests {
    @Test func streamsRepeatPerSeedAndDifferAcrossSeeds() {
        var a = SeededRandom(seed: 42), b = SeededRandom(seed: 42), c = SeededRandom(seed: 43)
        let first = (0..<8).map { _ in a.next() }
        #expect(first == (0..<8).map { _ in b.next() })
        #expect(first != (0..<8).map { _ in c.next() })
    }

    @Test func drawsStayInRangeAndLookUniform() {
        var random = SeededRandom(seed: 7)
        var counts = [Int](repeating: 0, count: 7)
        var sum = 0.0, squares = 0.0
        for _ in 0..<70_000 {
            let value = random.int(below: 7)
            counts[value] += 1
            let unit = random.unit()
            #expect(unit >= 0 && unit < 1)
            let normal = random.normal()
            sum += normal
            squares += normal * normal
        }
        #expect(counts.allSatisfy { abs($0 - 10_000) < 500 })
        #expect(abs(sum / 70_000) < 0.02)
        #expect(abs(squares / 70_000 - 1) < 0.03)
        #expect((0..<1000).allSatisfy { _ in (3...5).contains(random.int(in: 3...5)) })
    }
}
