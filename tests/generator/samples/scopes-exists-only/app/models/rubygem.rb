class Rubygem < ApplicationRecord
  # A has_one with conditions (and an order, which a join ignores).
  has_one :latest_version, -> { where(latest: true).order(:position) }, class_name: "Version"
  # The association scope calls a scope of the target model.
  has_one :current_version, -> { unyanked.order(position: :desc) }, class_name: "Version"
  has_one :total_download, -> { where(version_id: 0) }, class_name: "Download"
  # A has_many with conditions: joins repeat rows without distinct.
  has_many :released_versions, -> { where(yanked: false) }, class_name: "Version"
  has_many :versions
  # A through association with a scope: its conditions are on the target (downloads).
  has_many :unused_downloads, -> { where(count: 0) }, through: :versions, source: :downloads
  # Conditions that depend on the owner record: not an EXISTS over a relationship.
  has_many :own_versions, ->(rubygem) { where(number: rubygem.name) }, class_name: "Version"

  # The order picks one of several rows, which a join ignores: it repeats the gem per matching row.
  scope :with_latest, -> { joins(:latest_version).distinct }
  scope :latest_repeated, -> { joins(:latest_version) }
  scope :latest_named, ->(number) { joins(:latest_version).where(versions: {number: number}).distinct }
  scope :with_current, -> { joins(:current_version).distinct }
  scope :popular, -> { joins(:total_download).where("downloads.count > ?", 1000) }
  scope :with_released, -> { joins(:released_versions).distinct }
  scope :released_repeated, -> { joins(:released_versions) }
  scope :left_latest, -> { left_joins(:latest_version) }
  scope :latest_included, -> { includes(:latest_version) }
  scope :with_unused_downloads, -> { joins(:unused_downloads).distinct }
  scope :with_own, -> { joins(:own_versions).distinct }
end
