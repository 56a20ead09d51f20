class Post < ActiveRecord::Base
  belongs_to :author, optional: true
  enum :status, { draft: 0, live: 1, archived: 2 }

  validates :body, presence: true, if: :published?                       # boolean attribute query
  validates :summary, presence: true, if: :live?                         # enum predicate
  validates :slug, presence: true, unless: :draft?                       # unless with an enum predicate
  validates :title, length: { maximum: 80 }, if: -> { status == "live" && summary.present? }
  validates :title, presence: true, if: [:published?, :live?]            # all must hold
  validates :summary, length: { minimum: 10 }, unless: -> { !published? || body.blank? }
  validates :slug, format: { with: /\A[a-z-]+\z/ }, on: :create

  # A one-expression method is inlined; a lambda's record parameter reads attributes (a belongs_to through its key)
  validates :title, presence: true, if: :needs_title?
  validates :body, length: { maximum: 1000 }, if: ->(post) { post.author.present? }
  # Left to the server (reported): custom contexts
  validates :summary, presence: true, on: :publish
  validates_associated :author

  def needs_title?
    author_id.present? && !draft?
  end
end
