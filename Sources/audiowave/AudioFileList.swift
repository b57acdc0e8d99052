import Foundation

/// Expands command-line paths: files as given, folders scanned recursively (sorted, hidden entries skipped).
enum AudioFileList {
    static let extensions: Set<String> = [
        "wav", "wave", "aif", "aiff", "aifc", "flac", "ogg", "oga", "opus", "mp3", "au", "snd", "caf", "w64", "rf64",
    ]

    static func expand(_ paths: [String]) -> [String] {
        var result: [String] = []
        for path in paths {
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
                let url = URL(fileURLWithPath: path)
                let items = FileManager.default.enumerator(
                    at: url, includingPropertiesForKeys: [.isRegularFileKey], options: [.skipsHiddenFiles])
                let rootPath = url.resolvingSymlinksInPath().path
                let prefix = path.hasSuffix("/") ? path : path + "/"
                var found: [String] = []
                while let item = items?.nextObject() as? URL {
                    guard extensions.contains(item.pathExtension.lowercased()) else { continue }
                    let itemPath = item.resolvingSymlinksInPath().path
                    let relative = itemPath.hasPrefix(rootPath + "/") ? String(itemPath.dropFirst(rootPath.count + 1)) : itemPath
                    found.append(itemPath.hasPrefix(rootPath + "/") ? prefix + relative : itemPath)
                }
                result.append(contentsOf: found.sorted())
            } else {
                result.append(path)
            }
        }
        return result
    }
}
