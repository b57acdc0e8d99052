import Foundation
import Hummingbird

/// A request the service refuses: an HTTP status and a JSON body `{"error": {"code": …, "message": …}}`.
public struct IngestError: HTTPResponseError, Equatable {
    public var status: HTTPResponse.Status
    /// A stable, machine-readable code (`outside_root`, `not_found`, `too_large`, …).
    public var code: String
    public var message: String

    public init(_ status: HTTPResponse.Status, code: String, _ message: String) {
        self.status = status
        self.code = code
        self.message = message
    }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        var data = try encoder.encode(ErrorBody(error: .init(code: code, message: message)))
        data.append(0x0A)
        return Response(
            status: status, headers: [.contentType: "application/json"],
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
    }
}

/// The JSON body of every refusal.
struct ErrorBody: Encodable {
    struct Detail: Encodable {
        var code: String
        var message: String
    }
    var error: Detail
}
