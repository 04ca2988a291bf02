namespace TicketRouting.Data.Learning;

/// <summary>
/// Which confirmed tickets are held out of training to compare models: about one in <c>every</c>, chosen by a
/// fixed hash of the ticket id, so the slice is the same for every training (no model was trained on it) and
/// does not follow any pattern in the order tickets arrive.
/// </summary>
public static class HeldOutSlice
{
    public static bool Contains(int ticketId, int every)
    {
        // A 32-bit integer mix (splitmix-style): stable across processes, unlike string.GetHashCode.
        var x = (uint)ticketId;
        x ^= x >> 16;
        x *= 0x7feb352d;
        x ^= x >> 15;
        x *= 0x846ca68b;
        x ^= x >> 16;
        return x % (uint)every == 0;
    }
}
