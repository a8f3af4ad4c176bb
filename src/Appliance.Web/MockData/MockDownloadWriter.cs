using System.IO.Pipelines;
using System.Text;
using Appliance.Core.MockData;
using Appliance.Core.MockData.Output;
using Appliance.Core.Sql;
using Appliance.Infrastructure.MockData;

namespace Appliance.Web.MockData;

/// <summary>
/// Streams generated data to a response: the exporter's zip of one file per table, or one SQL script. The writers are
/// synchronous, so they run on their own thread into a pipe of bounded size that the response drains asynchronously;
/// memory stays a few hundred kilobytes whatever the row count.
/// </summary>
public static class MockDownloadWriter
{
    private const int PipeLimit = 512 * 1024;
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    public static string Extension(MockExportFormat format) => format == MockExportFormat.Sql ? "sql" : "zip";

    public static string ContentType(MockExportFormat format) => format == MockExportFormat.Sql ? "application/sql; charset=utf-8" : "application/zip";

    public static async Task WriteAsync(MockDataSet data, MockExportFormat format, SqlDialect dialect, Stream body, MockDownloadProgress progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(body);
        var pipe = new Pipe(new PipeOptions(pauseWriterThreshold: PipeLimit, resumeWriterThreshold: PipeLimit / 2, useSynchronizationContext: false));
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var producer = Task.Factory.StartNew(() =>
        {
            try
            {
                using (var stream = new CountingStream(pipe.Writer.AsStream(leaveOpen: true), progress))
                {
                    Write(data, format, dialect, stream, progress, stop.Token);
                }

                pipe.Writer.Complete();
            }
            catch (Exception ex)
            {
                pipe.Writer.Complete(ex);
            }
        }, stop.Token, TaskCreationOptions.LongRunning, TaskScheduler.Default);

        try
        {
            await pipe.Reader.CopyToAsync(body, cancellationToken);
        }
        finally
        {
            // A client that went away stops the generator; its writes into the completed pipe go nowhere.
            await stop.CancelAsync();
            await pipe.Reader.CompleteAsync();
            await producer.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    private static void Write(MockDataSet data, MockExportFormat format, SqlDialect dialect, Stream stream, MockDownloadProgress progress, CancellationToken cancellationToken)
    {
        if (format != MockExportFormat.Sql)
        {
            MockDataExporter.WriteZip(data, format, dialect, stream, progress, cancellationToken);
            return;
        }

        // The script itself rather than a zip holding it: what a user opens or pipes into a client.
        using var writer = new StreamWriter(stream, Utf8, 1 << 16, leaveOpen: true);
        var total = data.TotalRows;
        MockSqlWriter.Write(data, dialect, writer, new RowProgress(rows => progress.Report(new MockProgress(null, rows, total, rows, total, MockPhases.Writing))), cancellationToken);
    }

    /// <summary>Reports on the writer's thread (System.Progress would post every report to the thread pool).</summary>
    private sealed class RowProgress(Action<long> report) : IProgress<long>
    {
        public void Report(long value) => report(value);
    }

    /// <summary>Counts the bytes that leave, for the progress display.</summary>
    private sealed class CountingStream(Stream inner, MockDownloadProgress progress) : Stream
    {
        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override void Flush() => inner.Flush();

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            inner.Write(buffer);
            progress.AddBytes(buffer.Length);
        }

        public override void WriteByte(byte value)
        {
            inner.WriteByte(value);
            progress.AddBytes(1);
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
