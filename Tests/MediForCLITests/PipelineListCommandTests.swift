import ArgumentParser
import GRPCCore
import MediForCLI
import MediForProto
import Testing

@Suite("medifor list: filters, sorts, thresholds and paging")
struct PipelineListCommandTests {
    @Test("every filter, sort, threshold and paging option reaches the request")
    func fullRequest() throws {
        let command = try parsePipeline(
            [
                "list", "--tag", "case=42", "--tag", "flagged", "--meta-query", "fox dog", "--since", "2024-05-01",
                "--until", "2024-05-01", "--id", "a", "--id", "b", "--fuser", "avg_1.0", "--sort", "score:desc",
                "--sort", "meta:Hash:md5", "--sort", "meta-query:desc", "--above", "0.5", "--limit", "20",
                "--page-token", "eyJvZmZzZXQiOjIwfQ==", "--minimal",
            ], as: DetectionListCommand.self)
        let request = command.makeRequest()
        #expect(request.tags == ["case": "42", "flagged": ""])
        #expect(request.metaQuery == "fox dog")
        #expect(request.hasDateRange)
        #expect(request.dateRange.startSecondsUtc == 1_714_521_600)
        #expect(request.dateRange.endSecondsUtc == 1_714_521_600 + 86_399)
        #expect(request.detectionIds == ["a", "b"])
        #expect(request.fuserID == "avg_1.0")
        #expect(request.wantFused)
        #expect(request.orderBy.map(\.key) == [.score, .meta, .metaQuery])
        #expect(request.orderBy.map(\.isAsc) == [false, true, false])
        #expect(request.orderBy.map(\.metaKey) == ["", "Hash:md5", "fox dog"])
        #expect(request.fusionThresholdType == .fusionGtThreshold)
        #expect(request.fusionThresholdValue == 0.5)
        #expect(request.pageSize == 20)
        #expect(request.pageToken == "eyJvZmZzZXQiOjIwfQ==")
        #expect(request.verbosity == .detectionVerbosityMinimal)
        #expect(!command.all && !command.json)
    }

    @Test("with no options: first page of 100, full verbosity, no filters, no threshold")
    func defaults() throws {
        let command = try parsePipeline(["list"], as: DetectionListCommand.self)
        let request = command.makeRequest()
        #expect(request == {
            var expected = Mediforproto_DetectionListRequest()
            expected.pageSize = 100
            return expected
        }())
        #expect(!request.hasDateRange)
        #expect(request.verbosity == .detectionVerbosityFull)
    }

    @Test("--below is a less-than threshold; --since alone leaves the end open; --all and --json parse")
    func belowAndOpenRange() throws {
        let command = try parsePipeline(
            ["list", "--fuser", "f", "--below", "0.25", "--since", "1700000000", "--all", "--json"],
            as: DetectionListCommand.self)
        let request = command.makeRequest()
        #expect(request.fusionThresholdType == .fusionLtThreshold)
        #expect(request.fusionThresholdValue == 0.25)
        #expect(request.dateRange.startSecondsUtc == 1_700_000_000)
        #expect(request.dateRange.endSecondsUtc == 0)
        #expect(command.all && command.json)
    }

    @Test("inconsistent options are refused with status 64", arguments: [
        (["list", "--above", "0.5"], "need --fuser"),
        (["list", "--fuser", "f", "--above", "0.5", "--below", "0.2"], "cannot be combined"),
        (["list", "--sort", "score"], "--sort score needs --fuser"),
        (["list", "--sort", "meta-query"], "needs --meta-query"),
        (["list", "--since", "2024-05-02", "--until", "2024-05-01"], "--since is after --until"),
        (["list", "--limit", "0"], "--limit"),
        (["list", "--sort", "size"], "expected score, meta:KEY or meta-query"),
        (["list", "--sort", "meta"], "give the metadata key"),
        (["list", "--since", "yesterday"], "ISO-8601"),
        (["list", "--tag", "=x"], "the key is empty"),
        (["list", "--above", "high", "--fuser", "f"], "high"),
    ])
    func usage(arguments: [String], mention: String) throws {
        let failure = try #require(usageFailure(arguments))
        #expect(failure.message.contains(mention), "\(failure.message)")
        #expect(failure.status == PipelineExitStatus.usage)
    }
}

@Suite("pipeline arguments: key=value, times, sort terms, addresses")
struct PipelineArgumentTests {
    @Test("key=value splits at the first '='; a bare key has an empty value", arguments: [
        ("a=b", "a", "b"), ("query=a=b", "query", "a=b"), ("flagged", "flagged", ""), ("a=", "a", ""),
        ("k= v ", "k", " v "), ("Hash:md5=abc", "Hash:md5", "abc"),
    ])
    func keyValue(text: String, key: String, value: String) throws {
        #expect(try KeyValue(parsing: text) == KeyValue(key: key, value: value))
    }

    @Test("an empty key is refused", arguments: ["=v", "", "="])
    func emptyKey(text: String) {
        #expect(throws: ValidationError.self) { try KeyValue(parsing: text) }
    }

    @Test("a repeated key keeps its last value")
    func lastWins() throws {
        let pairs = try ["a=1", "b=2", "a=3"].map(KeyValue.init(parsing:))
        #expect(KeyValue.dictionary(pairs) == ["a": "3", "b": "2"])
    }

    @Test("times: epoch seconds, dates, date-times with and without zone", arguments: [
        ("1714521600", TimeArgument.Bound.start, Int64(1_714_521_600)),
        ("0", .start, 0),
        ("2024-05-01", .start, 1_714_521_600),
        ("2024-05-01", .end, 1_714_607_999),
        ("2024-05-01T12:30:00Z", .start, 1_714_566_600),
        ("2024-05-01T12:30:00Z", .end, 1_714_566_600),
        ("2024-05-01T14:30:00+02:00", .start, 1_714_566_600),
        ("2024-05-01T07:30:00-05:00", .start, 1_714_566_600),
        ("2024-05-01T12:30:00", .start, 1_714_566_600),
        ("2024-05-01 12:30:00", .start, 1_714_566_600),
        ("2024-05-01T12:30", .start, 1_714_566_600),
        ("2024-05-01T12:30:00.250Z", .start, 1_714_566_600),
    ])
    func times(text: String, bound: TimeArgument.Bound, expected: Int64) throws {
        #expect(try TimeArgument.epochSeconds(parsing: text, bound: bound) == expected)
    }

    @Test("junk times are refused", arguments: ["yesterday", "", "-5", "2024/05/01", "2024-13-01", "12:30", "1.5e9"])
    func badTimes(text: String) {
        #expect(throws: ValidationError.self) { try TimeArgument.epochSeconds(parsing: text, bound: .start) }
    }

    @Test("sort terms", arguments: [
        ("score", SortTerm(.score)), ("score:asc", SortTerm(.score)),
        ("score:desc", SortTerm(.score, descending: true)),
        ("SCORE:DESC", SortTerm(.score, descending: true)), ("meta:Hash:md5", SortTerm(.meta("Hash:md5"))),
        ("meta:Hash:md5:desc", SortTerm(.meta("Hash:md5"), descending: true)),
        ("meta:date", SortTerm(.meta("date"))), ("meta-query", SortTerm(.metaQuery)),
        ("meta-query:desc", SortTerm(.metaQuery, descending: true)),
    ])
    func sortTerms(text: String, expected: SortTerm) throws {
        #expect(try SortTerm(parsing: text) == expected)
    }

    @Test("bad sort terms are refused", arguments: ["", "size", "meta", "meta:", "meta:desc", "score:up", ":desc"])
    func badSortTerms(text: String) {
        #expect(throws: ValidationError.self) { try SortTerm(parsing: text) }
    }

    @Test("sort terms on the wire")
    func sortProto() {
        let score = SortTerm(.score, descending: true).proto(metaQuery: "q")
        #expect(score.key == .score && !score.isAsc && score.metaKey.isEmpty)
        let meta = SortTerm(.meta("Hash:md5")).proto(metaQuery: "q")
        #expect(meta.key == .meta && meta.isAsc && meta.metaKey == "Hash:md5")
        let query = SortTerm(.metaQuery).proto(metaQuery: "fox")
        #expect(query.key == .metaQuery && query.metaKey == "fox")
    }

    @Test("addresses", arguments: [
        ("127.0.0.1:50051", "127.0.0.1", 50051), ("pipeline.local:9000", "pipeline.local", 9000),
        ("localhost", "localhost", 50051), (":7000", "127.0.0.1", 7000), ("[::1]:50051", "::1", 50051),
        ("[::1]", "::1", 50051), ("::1", "::1", 50051), (" 10.1.2.3:80 ", "10.1.2.3", 80),
    ])
    func addresses(text: String, host: String, port: Int) throws {
        #expect(try PipelineAddress(parsing: text) == PipelineAddress(host: host, port: port))
    }

    @Test("bad addresses are refused", arguments: [
        "host:0", "host:70000", "host:port", "[::1", "[::1]x", "a b:1", "zz::zz::1", "http://host:1",
    ])
    func badAddresses(text: String) {
        #expect(throws: ValidationError.self) { try PipelineAddress(parsing: text) }
    }

    @Test("the address comes from --addr, then MEDIFOR_ADDR, then 127.0.0.1:50051")
    func addressPrecedence() throws {
        let plain = try parsePipeline(["health"], as: HealthCheckCommand.self).client
        #expect(try plain.resolve(environment: [:]).address == PipelineAddress(host: "127.0.0.1", port: 50051))
        let fromEnvironment = try plain.resolve(environment: ["MEDIFOR_ADDR": "db:1"]).address
        #expect(fromEnvironment == PipelineAddress(host: "db", port: 1))
        let flagged = try parsePipeline(["health", "--addr", "x:2"], as: HealthCheckCommand.self).client
        let fromFlag = try flagged.resolve(environment: ["MEDIFOR_ADDR": "db:1"]).address
        #expect(fromFlag == PipelineAddress(host: "x", port: 2))
        #expect(PipelineAddress(host: "::1", port: 5).description == "[::1]:5")
    }

    @Test("every call has the --timeout deadline and fails fast when the server is down")
    func callOptions() throws {
        let client = try parsePipeline(["health", "--timeout", "1.5"], as: HealthCheckCommand.self).client
        let options = try client.resolve(environment: [:]).callOptions
        #expect(options.timeout == .milliseconds(1500))
        #expect(options.waitForReady == false)
    }
}
