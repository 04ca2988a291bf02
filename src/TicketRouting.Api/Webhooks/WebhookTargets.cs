using System.Net;
using System.Net.Sockets;

namespace TicketRouting.Api.Webhooks;

/// <summary>
/// Keeps webhooks away from the service's own network (SSRF): only http(s) URLs, and unless
/// Webhooks:AllowPrivateNetworks is set, no loopback, link-local, private or otherwise non-public address, checked
/// on the URL when a subscription is created and again on the addresses the name resolves to at each connection
/// (a name may resolve elsewhere later: DNS rebinding).
/// </summary>
public static class WebhookTargets
{
    /// <summary>Why the URL is refused, or null.</summary>
    public static string? Refusal(string url, bool allowPrivateNetworks)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            return "An absolute http or https URL is required.";
        }

        if (uri.UserInfo.Length > 0)
        {
            return "Credentials in the URL are not accepted: sign with the secret instead.";
        }

        if (allowPrivateNetworks)
        {
            return null;
        }

        var host = uri.IdnHost.TrimEnd('.');
        if (host.Equals("localhost", StringComparison.OrdinalIgnoreCase) || host.EndsWith(".localhost", StringComparison.OrdinalIgnoreCase)
            || (IPAddress.TryParse(host, out var address) && !IsPublic(address)))
        {
            return $"'{host}' is a loopback, link-local or private address; set Webhooks:AllowPrivateNetworks to allow it.";
        }

        return null;
    }

    public static bool IsPublic(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (IPAddress.IsLoopback(address) || address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any)
            || address.Equals(IPAddress.Broadcast))
        {
            return false;
        }

        if (address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            return !(address.IsIPv6LinkLocal || address.IsIPv6SiteLocal || address.IsIPv6UniqueLocal || address.IsIPv6Multicast);
        }

        var b = address.GetAddressBytes();
        return b[0] switch
        {
            0 or 10 or 127 => false,
            100 => b[1] is < 64 or > 127,          // 100.64.0.0/10 carrier-grade NAT
            169 => b[1] != 254,                    // link-local, cloud metadata
            172 => b[1] is < 16 or > 31,
            192 => !(b[1] == 168 || (b[1] == 0 && b[2] is 0 or 2)),
            198 => b[1] is not (18 or 19),         // benchmarking
            >= 224 => false,                       // multicast and reserved
            _ => true,
        };
    }

    /// <summary>The handler's ConnectCallback: connect only to addresses allowed now.</summary>
    public static async ValueTask<Stream> ConnectAsync(
        SocketsHttpConnectionContext context, bool allowPrivateNetworks, CancellationToken ct)
    {
        var host = context.DnsEndPoint.Host;
        var addresses = IPAddress.TryParse(host, out var literal) ? [literal] : await Dns.GetHostAddressesAsync(host, ct);
        var allowed = allowPrivateNetworks ? addresses : addresses.Where(IsPublic).ToArray();
        if (allowed.Length == 0)
        {
            throw new HttpRequestException(
                $"Refused: {host} resolves only to loopback, link-local or private addresses (Webhooks:AllowPrivateNetworks is off).");
        }

        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(allowed, context.DnsEndPoint.Port, ct);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
