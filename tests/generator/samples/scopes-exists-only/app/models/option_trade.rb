# An STI subclass: Rails stores its base class (Trade) in entryable_type.
class OptionTrade < Trade
end
