import CLibFuzzer

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

// libFuzzer runs from here: it parses its own flags (-max_total_time, -rss_limit_mb, the corpus folders, …)
// and calls the closure with each input. This file is the fuzzer's C boundary: the closure turns libFuzzer's
// pointer into a buffer, which `FuzzInput` copies into a file.
atexit { FuzzInput.removeFile() }
var arguments = CommandLine.argc
var argumentVector: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
exit(
    LLVMFuzzerRunDriver(&arguments, &argumentVector) { data, size in
        FuzzInput.run(UnsafeBufferPointer(start: data, count: data == nil ? 0 : size))
        return 0
    })
