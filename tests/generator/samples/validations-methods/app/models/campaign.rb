class Campaign < ActiveRecord::Base
  # Ruby's stdlib constant, a known literal
  validates :email, format: { with: URI::MailTo::EMAIL_REGEXP }, allow_blank: true
  # ComparisonValidator: a date literal, a relative time, another attribute
  validates :starts_on, comparison: { greater_than_or_equal_to: "1989-01-01".to_date }, allow_nil: true
  validates :launched_at, comparison: { less_than_or_equal_to: -> { 1.year.from_now }, message: "is too far ahead" }, allow_nil: true
  validates :ends_on, comparison: { greater_than: :starts_on }, allow_nil: true
  # a symbol naming a column is Ruby truthiness; a validator's own if: combines with the macro's
  validates :miles, presence: { if: :wants_refund }
  validates :name, presence: true, if: ->(campaign) { campaign.access == "Shared" }
  # dirty tracking and the save context
  validates :zipcode, length: { is: 5 }, if: -> { validation_context == :create || zipcode_changed? }

  # validate methods whose bodies only add errors under conditions over attributes
  validate :dates_in_order
  validate :refund_needs_miles, :a_day_selected
  validate :zipcode_format
  validate do
    errors.add(:access, :blank) if access.nil?
  end

  # left to the server (reported): a custom message key, a query, a withheld column
  validate :custom_key
  validate :unique_name
  validates :api_token, presence: true

  private

  def dates_in_order
    return unless starts_on && ends_on

    if ends_on < starts_on
      errors.add(:ends_on, "must be after the start")
    elsif ends_on == starts_on
      errors.add(:base, "A campaign lasts at least a day")
    end
  end

  def refund_needs_miles
    return if miles&.positive? || !wants_refund
    errors.add(:miles, "must be entered to receive a refund")
  end

  def a_day_selected
    errors.add(:base, "Select at least one day") unless on_mon? || on_tue?
  end

  def zipcode_format
    return unless zipcode.present? && !zipcode.match?(/\A\d{5}\z/)
    errors.add(:zipcode, "use format 12345")
  end

  def custom_key
    errors.add(:ends_on, :dates_not_in_sequence) if starts_on && ends_on && starts_on > ends_on
  end

  def unique_name
    errors.add(:name, "is taken") if Campaign.where(name: name).exists?
  end
end

class Channel < ActiveRecord::Base
  self.table_name = "campaigns"
  FORMATS = [["Comma (,)", ","], ["Semicolon (;)", ";"]].freeze
  KINDS = {"Email" => "email", "Letter" => "letter"}
  KIND_NAMES = KINDS.keys
  SYMBOL_KEYS = {email: "email"}
  # lists computed from literal constants at class load
  validates :zipcode, inclusion: { in: FORMATS.map(&:last) }, allow_nil: true
  validates :access, inclusion: KINDS.values, allow_nil: true
  validates :name, inclusion: { in: KIND_NAMES }, allow_nil: true
  # symbol keys are not strings: left to the server
  validates :email, inclusion: { in: SYMBOL_KEYS.keys }, allow_nil: true
end
